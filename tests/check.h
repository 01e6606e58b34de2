/* A minimal test harness: CHECK records a failure with its place and goes on;
 * check_done() prints the tally and gives the exit status. */
#ifndef REINTEGRA_TEST_CHECK_H
#define REINTEGRA_TEST_CHECK_H

#include <stdio.h>

static int check_failures_;
static int check_count_;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        check_count_++;                                                                            \
        if (!(cond)) {                                                                             \
            check_failures_++;                                                                     \
            fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond);               \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
        }                                                                                          \
    } while (0)

/* Set one parameter by name (as --set does), or record why it could not be set. */
#define CHECK_SET(params, assignment)                                                              \
    do {                                                                                           \
        rg_error set_err_ = {0};                                                                   \
        CHECK(rg_config_set((params), (assignment), &set_err_) == RG_OK, "%s: %s", (assignment),   \
              set_err_.msg);                                                                       \
    } while (0)

static inline int check_done(void)
{
    printf("%d passed, %d failed\n", check_count_ - check_failures_, check_failures_);
    return check_failures_ ? 1 : 0;
}

#endif
