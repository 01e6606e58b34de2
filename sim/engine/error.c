#include "reintegra/error.h"

#include <stdarg.h>
#include <stdio.h>

#include "common/text.h"

rg_status rg_error_set(rg_error *err, rg_status status, const char *fmt, ...)
{
    if (err && err->status == RG_OK) {
        char raw[RG_ERROR_MSG_MAX];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(raw, sizeof raw, fmt, ap);
        va_end(ap);
        rg_text_escape(raw, err->msg, sizeof err->msg);
        err->status = status;
    }
    return status;
}

void rg_error_clear(rg_error *err)
{
    err->status = RG_OK;
    err->msg[0] = '\0';
}
