/* Helpers the commands of the `reintegra` program share: one-line errors, usage,
 * --help detection and option values. Only these commands print and choose exit
 * statuses; the library returns them. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reintegra/cli.h"

int rg_cli_fail(const rg_error *err)
{
    fprintf(stderr, "reintegra: %s\n", err->msg);
    return err->status == RG_OK ? 1 : (int)err->status;
}

int rg_cli_usage_error(const char *usage, const char *fmt, const char *arg)
{
    fprintf(stderr, "reintegra: ");
    fprintf(stderr, fmt, arg);
    fprintf(stderr, "\n%s", usage);
    return RG_EINPUT;
}

int rg_cli_wants_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) return 1;
    return 0;
}

int rg_cli_parse_count(const char *s, long long lo, long long hi, long long *out)
{
    char *end = NULL;
    long long v = strtoll(s, &end, 10);
    if (!*s || *end || v < lo || v > hi) return -1;
    *out = v;
    return 0;
}
