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

/// HTTP for `sitegen check --external`, through libcurl loaded on first use
/// (dlopen), so no other command pays for loading it.
typedef enum {
    SITEGEN_HTTP_ANSWERED = 0,   // `status` holds the final answer's HTTP status
    SITEGEN_HTTP_NO_LIBRARY,     // libcurl could not be loaded
    SITEGEN_HTTP_TIMED_OUT,
    SITEGEN_HTTP_HOST_NOT_FOUND,
    SITEGEN_HTTP_REFUSED,
    SITEGEN_HTTP_CONNECTION_LOST,
    SITEGEN_HTTP_REDIRECTS,      // too many or broken redirects
    SITEGEN_HTTP_TLS,
    SITEGEN_HTTP_BAD_URL,
    SITEGEN_HTTP_OTHER,
} sitegen_http_failure;

typedef struct {
    int status;
    sitegen_http_failure failure;
    char detail[256];            // libcurl's message when the request failed
} sitegen_http_result;

/// Whether libcurl could be loaded (loads it on the first call; thread-safe).
int sitegen_http_available(void);

/// One HEAD (`head` non-zero) or GET of `url`, redirects followed (at most 10,
/// http and https only), giving up after `timeout_ms`. A GET stops once the
/// answer's headers are in. Blocks; safe to call from several threads at once.
sitegen_http_result sitegen_http_request(const char *url, int head, long timeout_ms, const char *user_agent);

/// For a process that builds once and exits: glibc's heaps grow 64 MiB at a
/// time (M_TOP_PAD) instead of a few pages at a time, each step an `mprotect`
/// call, and are not trimmed as they shrink. Does nothing outside glibc.
void sitegen_grow_heaps_in_large_steps(void);

/// Bytes of the heap in use (allocated and not freed yet, glibc's `mallinfo2`),
/// for `SITEGEN_TIMINGS`; -1 outside glibc.
long long sitegen_heap_in_use(void);

/// Asks the processor to start loading the cache line at `address` for reading,
/// without waiting for it: a hint, never a fault, whatever the address.
static inline void sitegen_prefetch(const void *address) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(address, 0, 3);
#else
    (void)address;
#endif
}

/// A slot several threads may fill, read with acquire ordering: what the
/// filling thread wrote before publishing is seen by whoever reads the pointer.
static inline void *sitegen_slot_load(void *const *slot) {
    return __atomic_load_n(slot, __ATOMIC_ACQUIRE);
}

/// Puts `value` in the slot if it is still empty; returns what the slot holds
/// afterwards (`value`, or what another thread put there first).
static inline void *sitegen_slot_fill(void **slot, void *value) {
    void *expected = NULL;
    if (__atomic_compare_exchange_n(slot, &expected, value, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) return value;
    return expected;
}

#endif
