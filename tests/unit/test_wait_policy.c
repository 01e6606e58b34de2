/* The default OpenMP wait policy: rg_threads_wait_policy starts the program again
 * with OMP_WAIT_POLICY=passive when the user set neither OMP_WAIT_POLICY nor
 * GOMP_SPINCOUNT, and leaves a user's own setting alone.
 *
 *   test_wait_policy passive   (run with neither variable set)
 *   test_wait_policy active    (run with OMP_WAIT_POLICY=active)
 *   test_wait_policy spincount (run with GOMP_SPINCOUNT set, OMP_WAIT_POLICY unset)
 */
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/threads.h"

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_wait_policy passive|active|spincount\n");
        return 2;
    }
    const char *expect = argv[1];
    const char *before = getenv("OMP_WAIT_POLICY");
    const int first = !before && !getenv("GOMP_SPINCOUNT");
    int r = rg_threads_wait_policy(argv);
    /* Reached in the program started again, or when nothing had to change. */
    CHECK(!first, "the program went on without starting again (returned %d)", r);
    CHECK(r == 0, "returned %d", r);
    const char *policy = getenv("OMP_WAIT_POLICY");
    if (!strcmp(expect, "passive"))
        CHECK(policy && !strcmp(policy, "passive"), "OMP_WAIT_POLICY is %s",
              policy ? policy : "unset");
    else if (!strcmp(expect, "active"))
        CHECK(policy && !strcmp(policy, "active"), "the user's OMP_WAIT_POLICY became %s",
              policy ? policy : "unset");
    else
        CHECK(!policy, "OMP_WAIT_POLICY set to %s although GOMP_SPINCOUNT was set", policy);
    return check_done();
}
