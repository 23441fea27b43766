/* The cmark library's share of a build, alone: every briefing's body converted
 * to HTML one document at a time, on one core, with the options sitegen uses
 * (smart punctuation, raw HTML left out). Each file is read and its front
 * matter skipped first, as any generator must.
 *
 *   cmark_bodies LIST    LIST: a file naming one briefing per line
 *
 * Prints how many bodies and HTML bytes it made. bench/run.py times it beside
 * sitegen's cold build: sitegen's own work is what the build takes beyond this
 * and beside writing its files (write_tree.c). */
#include <cmark.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The body: what follows a leading "---" front matter block closed by "---" or "...". */
static const char *body_of(const char *text) {
    if (strncmp(text, "---\n", 4) != 0) return text;
    for (const char *line = strchr(text + 4, '\n'); line; line = strchr(line + 1, '\n')) {
        if (strncmp(line + 1, "---\n", 4) == 0 || strncmp(line + 1, "...\n", 4) == 0) return line + 5;
    }
    return text;
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: cmark_bodies LIST\n");
        return 2;
    }
    FILE *list = fopen(argv[1], "r");
    if (!list) {
        perror(argv[1]);
        return 1;
    }
    char path[4096];
    size_t bodies = 0, html_bytes = 0;
    while (fgets(path, sizeof path, list)) {
        path[strcspn(path, "\n")] = 0;
        FILE *file = fopen(path, "rb");
        if (!file) {
            perror(path);
            return 1;
        }
        fseek(file, 0, SEEK_END);
        long size = ftell(file);
        rewind(file);
        char *text = malloc((size_t)size + 1);
        if (!text || fread(text, 1, (size_t)size, file) != (size_t)size) {
            fprintf(stderr, "%s: cannot read\n", path);
            return 1;
        }
        fclose(file);
        text[size] = 0;
        const char *body = body_of(text);
        char *html = cmark_markdown_to_html(body, strlen(body), CMARK_OPT_SMART);
        html_bytes += strlen(html);
        bodies++;
        free(html);
        free(text);
    }
    fclose(list);
    printf("%zu bodies, %zu bytes of HTML\n", bodies, html_bytes);
    return 0;
}
