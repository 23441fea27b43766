#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <unistd.h>
#include "sitegen_system.h"

#if defined(__linux__)
#include <sys/inotify.h>

int sitegen_watch_open(void) { return inotify_init1(IN_CLOEXEC | IN_NONBLOCK); }

int sitegen_watch_add(int fd, const char *folder) {
    return inotify_add_watch(fd, folder,
        IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF);
}

int sitegen_watch_wait(int fd, int timeout_ms, char *out, size_t capacity) {
    struct pollfd waiting = {.fd = fd, .events = POLLIN};
    int ready = poll(&waiting, 1, timeout_ms);
    if (ready <= 0) return ready;
    char buffer[16384] __attribute__((aligned(__alignof__(struct inotify_event))));
    size_t used = 0;
    for (;;) {
        ssize_t length = read(fd, buffer, sizeof buffer);
        if (length <= 0) break;
        for (char *cursor = buffer; cursor < buffer + length;) {
            struct inotify_event *event = (struct inotify_event *)cursor;
            const char *name = event->len > 0 ? event->name : "";
            int written = snprintf(out + used, capacity - used, "%d\t%d\t%s\n", event->wd, (event->mask & IN_ISDIR) ? 1 : 0, name);
            if (written > 0 && (size_t)written < capacity - used) used += (size_t)written;
            cursor += sizeof(struct inotify_event) + event->len;
        }
    }
    if (used < capacity) out[used] = 0;
    return (int)used;
}
#else
int sitegen_watch_open(void) { errno = ENOSYS; return -1; }
int sitegen_watch_add(int fd, const char *folder) { (void)fd; (void)folder; errno = ENOSYS; return -1; }
int sitegen_watch_wait(int fd, int timeout_ms, char *out, size_t capacity) {
    (void)fd; (void)out; (void)capacity;
    usleep((useconds_t)timeout_ms * 1000);
    return 0;
}
#endif
