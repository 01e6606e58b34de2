#include "reintegra/error.h"

#include <stdarg.h>
#include <stdio.h>

rg_status rg_error_set(rg_error *err, rg_status status, const char *fmt, ...)
{
    if (err && err->status == RG_OK) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->status = status;
    }
    return status;
}

void rg_error_clear(rg_error *err)
{
    err->status = RG_OK;
    err->msg[0] = '\0';
}
