#ifndef CMARK_ARENA_H
#define CMARK_ARENA_H

/// A bump allocator for libcmark, one per thread (see arena.c for why).
///
/// `cmark_arena_allocator` returns the `cmark_mem` to pass to
/// `cmark_parser_new_with_mem`: everything libcmark allocates for that document
/// (parser, nodes, buffers, the rendered HTML) comes from the calling thread's
/// arena, and its frees do nothing. Bracket each document with `cmark_arena_begin`
/// and `cmark_arena_end`; the outermost end makes every pointer the arena handed
/// out invalid and keeps up to 8 ordinary chunks (2 MiB) for the next documents.
void *cmark_arena_allocator(void);
void cmark_arena_begin(void);
void cmark_arena_end(void);

/// `size` bytes, not zeroed, from the calling thread's arena, valid until its
/// outermost `cmark_arena_end`: room to work in on a document's HTML.
void *cmark_arena_scratch(unsigned long size);

/// Bytes the calling thread's arena holds in chunks, in use or kept (for tests).
unsigned long cmark_arena_reserved(void);

#endif
