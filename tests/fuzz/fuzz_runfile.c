/*
 * libFuzzer target: the reader of run files. Each input is written to a file and
 * read as `summarize` and `verify` read it. A crash, a sanitizer report or a hang
 * is a finding; so is a file that `verify` passes and the reader then refuses.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <hdf5.h>

#include "reintegra/result.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) {
        snprintf(path, sizeof path, "fuzz-run-%ld.h5", (long)getpid());
        H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    }
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    rg_error err = {0};
    rg_result r;
    int read = rg_result_read(&r, path, &err) == RG_OK;
    if (read) {
        FILE *sink = fopen("/dev/null", "w");
        if (sink) {
            rg_result_write_summary(&r, path, sink);
            rg_result_write_summary_json(&r, path, sink);
            fclose(sink);
        }
        rg_result_free(&r);
    }
    rg_error_clear(&err);
    rg_verify_info info;
    if (rg_file_verify(path, &info, &err) == RG_OK && !read) abort();
    return 0;
}
