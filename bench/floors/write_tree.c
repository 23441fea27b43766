/* The file system's share of a build, alone: a site's folders and files made
 * again, each file written whole with one write(), on THREADS threads, as
 * sitegen writes its output, with no page rendered. On tmpfs each new page of
 * a file is memory the kernel (and on a virtual machine, the host) hands over
 * for the first time, so this is the least any generator pays for this output.
 *
 *   write_tree PLAN OUT THREADS
 *
 * PLAN lists the tree, parents before children, one entry a line:
 * "D path" for a folder, "F size path" for a file (paths relative to OUT).
 * OUT must not exist. Prints how many folders, files and bytes it made. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct entry {
    char *path; /* OUT/relative */
    long size;  /* -1: a folder */
};

static struct entry *entries;
static size_t count, folders;
static int threads;
static char *filler;

static int depth(const char *path) {
    int d = 0;
    for (; *path; path++) d += *path == '/';
    return d;
}

/* Folders are made level by level, shared out over the threads; every thread
 * waits at the end of each level, so a folder's parent always exists. */
static pthread_barrier_t level_done;

static void *make_folders(void *arg) {
    long thread = (long)arg;
    size_t start = 0;
    while (start < folders) {
        int level = depth(entries[start].path);
        size_t end = start;
        while (end < folders && depth(entries[end].path) == level) end++;
        for (size_t i = start + (size_t)thread; i < end; i += (size_t)threads) {
            if (mkdir(entries[i].path, 0755) != 0) {
                perror(entries[i].path);
                exit(1);
            }
        }
        pthread_barrier_wait(&level_done);
        start = end;
    }
    return NULL;
}

static void *write_files(void *arg) {
    long thread = (long)arg;
    for (size_t i = folders + (size_t)thread; i < count; i += (size_t)threads) {
        int fd = open(entries[i].path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
        if (fd < 0 || write(fd, filler, (size_t)entries[i].size) != entries[i].size) {
            perror(entries[i].path);
            exit(1);
        }
        close(fd);
    }
    return NULL;
}

static int by_depth(const void *a, const void *b) {
    return depth(((const struct entry *)a)->path) - depth(((const struct entry *)b)->path);
}

int main(int argc, char **argv) {
    if (argc != 4 || (threads = atoi(argv[3])) < 1) {
        fprintf(stderr, "usage: write_tree PLAN OUT THREADS\n");
        return 2;
    }
    FILE *plan = fopen(argv[1], "r");
    if (!plan) {
        perror(argv[1]);
        return 1;
    }
    size_t capacity = 1024, folder_count = 0;
    long largest = 0, bytes = 0;
    entries = malloc(capacity * sizeof *entries);
    char line[4096];
    /* The root, then the plan: folders are gathered before files. */
    struct entry *files = malloc(capacity * sizeof *files);
    size_t file_count = 0, file_capacity = capacity;
    entries[folder_count++] = (struct entry){strdup(argv[2]), -1};
    while (fgets(line, sizeof line, plan)) {
        line[strcspn(line, "\n")] = 0;
        char kind = line[0];
        char *rest = line + 2;
        long size = -1;
        if (kind == 'F') {
            size = strtol(rest, &rest, 10);
            rest++;
        }
        char *path = malloc(strlen(argv[2]) + strlen(rest) + 2);
        sprintf(path, "%s/%s", argv[2], rest);
        if (kind == 'D') {
            if (folder_count == capacity) entries = realloc(entries, (capacity *= 2) * sizeof *entries);
            entries[folder_count++] = (struct entry){path, -1};
        } else {
            if (file_count == file_capacity) files = realloc(files, (file_capacity *= 2) * sizeof *files);
            files[file_count++] = (struct entry){path, size};
            if (size > largest) largest = size;
            bytes += size;
        }
    }
    fclose(plan);
    qsort(entries, folder_count, sizeof *entries, by_depth);
    folders = folder_count;
    count = folder_count + file_count;
    entries = realloc(entries, count * sizeof *entries);
    memcpy(entries + folders, files, file_count * sizeof *files);
    filler = malloc((size_t)largest + 1);
    memset(filler, 'x', (size_t)largest + 1);

    pthread_t pool[64];
    if (threads > 64) threads = 64;
    pthread_barrier_init(&level_done, NULL, (unsigned)threads);
    for (long t = 0; t < threads; t++) pthread_create(&pool[t], NULL, make_folders, (void *)t);
    for (long t = 0; t < threads; t++) pthread_join(pool[t], NULL);
    for (long t = 0; t < threads; t++) pthread_create(&pool[t], NULL, write_files, (void *)t);
    for (long t = 0; t < threads; t++) pthread_join(pool[t], NULL);
    printf("%zu folders, %zu files, %ld bytes\n", folders, file_count, bytes);
    return 0;
}
