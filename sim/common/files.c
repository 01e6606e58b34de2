/* File and path helpers. */
#include "common/files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rg_path_relative_to(const char *file, const char *name, char *out, size_t size)
{
    if (name[0] == '/') {
        snprintf(out, size, "%s", name);
        return;
    }
    const char *slash = strrchr(file, '/');
    int dirlen = slash ? (int)(slash - file + 1) : 0;
    snprintf(out, size, "%.*s%s", dirlen, file, name);
}

char *rg_file_read(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = NULL;
    size_t size = 0;
    FILE *m = open_memstream(&buf, &size);
    if (!m) {
        fclose(f);
        return NULL;
    }
    char chunk[8192];
    size_t n;
    int bad = 0;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) bad |= fwrite(chunk, 1, n, m) != n;
    bad |= ferror(f);
    fclose(f);
    bad |= fclose(m) != 0;
    if (bad || !buf) {
        free(buf);
        return NULL;
    }
    return buf;
}
