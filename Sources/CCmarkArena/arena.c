// Why a bump allocator: libcmark allocates every node, every inline and every
// buffer growth with calloc/realloc and frees them one by one when the document
// is freed. Across 10,000 briefings that was about a third of the time spent in
// libcmark (glibc's _int_malloc, _int_free and malloc_consolidate in profiles).
// A document's memory all dies at once, so here allocation moves a pointer and
// free does nothing; the whole arena is reset after each document.
//
// cmark_mem's functions take no context, so the arena is found per thread.
//
// Ordinary chunks a document used are kept for the next ones, up to a few per
// thread: freed and malloc'ed again for every document, glibc gave their pages
// back and took them again, and those page faults (with sysmalloc's mprotect)
// were a tenth of reading and rendering a site's content.

#include <cmark.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cmark_arena.h"

enum {
    alignment = 16,
    block_header = 16,  // each block's requested size, kept for realloc
    chunk_size = 256 * 1024,
    spare_limit = 8,  // chunks kept between documents, per thread: 2 MiB
};

typedef struct chunk {
    struct chunk *previous;
    size_t capacity;
    size_t used;
    size_t padding;  // keeps the data after the header 16-byte aligned
} chunk;

typedef struct arena {
    chunk *current;
    chunk *spare;  // ordinary chunks, unused, linked through `previous`
    unsigned spares;
    unsigned depth;
} arena;

static pthread_key_t arena_key;
static pthread_once_t arena_key_once = PTHREAD_ONCE_INIT;
static __thread arena *thread_arena;

static void free_chunks(chunk *c) {
    while (c) {
        chunk *previous = c->previous;
        free(c);
        c = previous;
    }
}

static void release_arena(void *pointer) {
    arena *a = pointer;
    free_chunks(a->current);
    free_chunks(a->spare);
    free(a);
}

static void make_key(void) { pthread_key_create(&arena_key, release_arena); }

static arena *current_arena(void) {
    if (thread_arena) return thread_arena;
    pthread_once(&arena_key_once, make_key);
    arena *a = calloc(1, sizeof(arena));
    if (!a) abort();
    pthread_setspecific(arena_key, a);  // frees it when the thread exits
    thread_arena = a;
    return a;
}

static unsigned char *chunk_data(chunk *c) { return (unsigned char *)(c + 1); }

static size_t rounded(size_t size) { return (size + alignment - 1) & ~(size_t)(alignment - 1); }

static void *arena_allocate(size_t size) {
    if (size > SIZE_MAX / 2) abort();  // as libcmark's own allocator does when out of memory
    arena *a = current_arena();
    size_t needed = block_header + rounded(size);
    chunk *c = a->current;
    if (!c || c->capacity - c->used < needed) {
        chunk *fresh = a->spare;
        if (fresh && needed <= chunk_size) {
            a->spare = fresh->previous;
            a->spares -= 1;
        } else {
            size_t capacity = needed > chunk_size ? needed : chunk_size;
            fresh = malloc(sizeof(chunk) + capacity);
            if (!fresh) abort();
            fresh->capacity = capacity;
        }
        fresh->previous = c;
        fresh->used = 0;
        a->current = c = fresh;
    }
    unsigned char *block = chunk_data(c) + c->used;
    *(size_t *)block = size;
    c->used += needed;
    return block + block_header;
}

static void *arena_calloc(size_t count, size_t size) {
    if (size && count > SIZE_MAX / size) abort();
    void *pointer = arena_allocate(count * size);
    memset(pointer, 0, count * size);
    return pointer;
}

static void *arena_realloc(void *pointer, size_t size) {
    if (!pointer) return arena_allocate(size);
    unsigned char *block = (unsigned char *)pointer - block_header;
    size_t old = *(size_t *)block;
    chunk *c = thread_arena->current;
    // The newest block grows in place: a buffer being appended to usually is.
    if (size <= SIZE_MAX / 2 && block + block_header + rounded(old) == chunk_data(c) + c->used &&
        (size_t)(block - chunk_data(c)) + block_header + rounded(size) <= c->capacity) {
        c->used = (size_t)(block - chunk_data(c)) + block_header + rounded(size);
        *(size_t *)block = size;
        return pointer;
    }
    // A block alone in its chunk (a buffer outgrew the ordinary chunks) grows
    // with the chunk itself: moving it within the arena would keep every
    // smaller copy until the document is done, twice the final size in all.
    if (size <= SIZE_MAX / 2 && block == chunk_data(c) && c->used == block_header + rounded(old)) {
        size_t capacity = block_header + rounded(size);
        chunk *grown = realloc(c, sizeof(chunk) + capacity);
        if (!grown) abort();
        grown->capacity = capacity;
        grown->used = capacity;
        thread_arena->current = grown;
        *(size_t *)chunk_data(grown) = size;
        return chunk_data(grown) + block_header;
    }
    void *moved = arena_allocate(size);
    memcpy(moved, pointer, old < size ? old : size);
    return moved;
}

static void arena_free(void *pointer) { (void)pointer; }

void *cmark_arena_scratch(unsigned long size) { return arena_allocate(size); }

static cmark_mem arena_mem = {arena_calloc, arena_realloc, arena_free};

void *cmark_arena_allocator(void) { return &arena_mem; }

void cmark_arena_begin(void) { current_arena()->depth += 1; }

void cmark_arena_end(void) {
    arena *a = current_arena();
    if (a->depth == 0 || --a->depth > 0) return;
    // Ordinary chunks go back to the spares, up to the limit; oversized ones are freed.
    chunk *c = a->current;
    while (c) {
        chunk *previous = c->previous;
        if (c->capacity == chunk_size && a->spares < spare_limit) {
            c->previous = a->spare;
            a->spare = c;
            a->spares += 1;
        } else {
            free(c);
        }
        c = previous;
    }
    a->current = NULL;
}

unsigned long cmark_arena_reserved(void) {
    unsigned long total = 0;
    arena *a = current_arena();
    for (chunk *c = a->current; c; c = c->previous) total += c->capacity;
    for (chunk *c = a->spare; c; c = c->previous) total += c->capacity;
    return total;
}
