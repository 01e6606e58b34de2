/* Errors travel up as a status and a message; only main() chooses an exit status. */
#ifndef REINTEGRA_ERROR_H
#define REINTEGRA_ERROR_H

/* Status codes double as the command line's exit statuses. */
typedef enum rg_status {
    RG_OK = 0,
    RG_EINTERNAL = 1, /* a failure of the program or the system (I/O, memory) */
    RG_EINPUT = 2     /* bad input: usage, configuration, unreadable file */
} rg_status;

enum { RG_ERROR_MSG_MAX = 1024 };

typedef struct rg_error {
    rg_status status;
    char msg[RG_ERROR_MSG_MAX];
} rg_error;

/* Record an error (the first one wins) and return its status. */
rg_status rg_error_set(rg_error *err, rg_status status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void rg_error_clear(rg_error *err);

/* Evaluate an rg_status expression and return it from the caller when it fails. */
#define RG_TRY(expr)                                                                               \
    do {                                                                                           \
        rg_status rg_try_status_ = (expr);                                                         \
        if (rg_try_status_ != RG_OK) return rg_try_status_;                                        \
    } while (0)

#endif
