#ifndef SITEGEN_SYSTEM_H
#define SITEGEN_SYSTEM_H

#include <stddef.h>

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (including on systems
/// and file systems without the call, where the caller falls back to renames).
int sitegen_exchange_paths(const char *from, const char *to);

/// File-change notification (inotify on Linux). `sitegen_watch_open` returns a
/// descriptor or -1 (errno ENOSYS where unsupported); `sitegen_watch_add`
/// watches one folder for created, changed, deleted and renamed entries.
int sitegen_watch_open(void);
int sitegen_watch_add(int fd, const char *folder);

/// Blocks until events arrive or `timeout_ms` passes, then writes them to
/// `out` as lines "WATCH<TAB>ISFOLDER<TAB>NAME\n" (at most `capacity` bytes;
/// events that do not fit are dropped, which only merges them into the rebuild
/// that the others already trigger). Returns the number of bytes written
/// (0 on timeout, -1 on error).
int sitegen_watch_wait(int fd, int timeout_ms, char *out, size_t capacity);

#endif
