#ifndef SITEGEN_SYSTEM_H
#define SITEGEN_SYSTEM_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (including on systems
/// and file systems without the call, where the caller falls back to renames).
int sitegen_exchange_paths(const char *from, const char *to);

#endif
