/* The default OpenMP wait policy: rg_threads_wait_policy starts the program again
 * with GOMP_SPINCOUNT=RG_SPIN_COUNT on a quiet machine or OMP_WAIT_POLICY=passive
 * on a busy one when the user set neither OMP_WAIT_POLICY nor GOMP_SPINCOUNT, and
 * leaves a user's own setting alone; and the choice for a machine's load.
 *
 *   test_wait_policy chosen    (run with neither variable set)
 *   test_wait_policy active    (run with OMP_WAIT_POLICY=active)
 *   test_wait_policy spincount (run with GOMP_SPINCOUNT set, OMP_WAIT_POLICY unset)
 *   test_wait_policy loader    (run with neither set: starts itself again through
 *                               its dynamic loader, `ld.so test_wait_policy ...`,
 *                               where starting /proc/self/exe again would start
 *                               the loader: the policy goes on as it is)
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../check.h"
#include "reintegra/threads.h"

/* The choice for a machine's load: spin only where other runnable threads fill
 * fewer than half the CPUs and (where known) hardly any thread waited for a CPU. */
static void check_choices(void)
{
    static const struct {
        long cpus;
        double others, pressure;
        rg_wait want;
    } cases[] = {
        {2, 0.0, -1, RG_WAIT_SPIN},       {2, 0.125, 0.02, RG_WAIT_SPIN},
        {2, 0.99, -1, RG_WAIT_SPIN},      {2, 1.0, -1, RG_WAIT_PASSIVE},
        {2, 0.0, 9.99, RG_WAIT_SPIN},     {2, 0.0, 10.0, RG_WAIT_PASSIVE},
        {2, 14.0, 85.0, RG_WAIT_PASSIVE}, {16, 0.3, 0.0, RG_WAIT_SPIN},
        {16, 7.9, -1, RG_WAIT_SPIN},      {16, 8.0, -1, RG_WAIT_PASSIVE},
        {1, 0.0, 0.0, RG_WAIT_PASSIVE},   {0, 0.0, -1, RG_WAIT_PASSIVE},
        {-1, 0.0, -1, RG_WAIT_PASSIVE},   {64, 31.9, 3.0, RG_WAIT_SPIN},
        {64, 40.0, 0.0, RG_WAIT_PASSIVE},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        const rg_wait got = rg_threads_wait_for(cases[k].cpus, cases[k].others, cases[k].pressure);
        CHECK(got == cases[k].want, "%ld CPUs, %.3f others, pressure %.2f: %s", cases[k].cpus,
              cases[k].others, cases[k].pressure, got == RG_WAIT_SPIN ? "spin" : "passive");
    }
    const rg_wait here = rg_threads_wait_here();
    CHECK(here == RG_WAIT_SPIN || here == RG_WAIT_PASSIVE, "no choice here");
}

/* The program's own interpreter (PT_INTERP), from the first object listed. */
static int find_interp(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    for (int k = 0; k < info->dlpi_phnum; k++)
        if (info->dlpi_phdr[k].p_type == PT_INTERP)
            *(const char **)data = (const char *)(info->dlpi_addr + info->dlpi_phdr[k].p_vaddr);
    return 1; /* the program itself only */
}

/* Starts this test again as `interp self loader-child` and checks it passed. */
static int through_loader(void)
{
    const char *interp = NULL;
    dl_iterate_phdr(find_interp, &interp);
    char self[4096];
    const ssize_t len = readlink("/proc/self/exe", self, sizeof self - 1);
    CHECK(interp && len > 0, "no interpreter or no /proc/self/exe");
    if (!interp || len <= 0) return check_done();
    self[len] = '\0';
    const pid_t pid = fork();
    if (pid == 0) {
        char *args[] = {(char *)interp, self, "loader-child", NULL};
        execv(interp, args);
        _exit(126);
    }
    int status = 0;
    CHECK(pid > 0 && waitpid(pid, &status, 0) == pid, "could not start %s", interp);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "through %s: exit status %d (127: the loader was started again)", interp,
          WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    printf("started through %s: %s\n", interp, WIFEXITED(status) ? "exit" : "signal");
    return check_done();
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: test_wait_policy chosen|active|spincount|loader\n");
        return 2;
    }
    const char *expect = argv[1];
    if (!strcmp(expect, "loader")) return through_loader();
    if (!strcmp(expect, "loader-child")) {
        /* Not started again (that would be the loader): -1, nothing set. */
        const int r = rg_threads_wait_policy(argv);
        CHECK(r == -1, "returned %d", r);
        CHECK(!getenv("OMP_WAIT_POLICY") && !getenv("GOMP_SPINCOUNT"),
              "a wait policy set without starting again");
        return check_done();
    }
    const char *before = getenv("OMP_WAIT_POLICY");
    const int first = !before && !getenv("GOMP_SPINCOUNT");
    int r = rg_threads_wait_policy(argv);
    /* Reached in the program started again, or when nothing had to change. */
    CHECK(!first, "the program went on without starting again (returned %d)", r);
    CHECK(r == 0, "returned %d", r);
    const char *policy = getenv("OMP_WAIT_POLICY"), *spin = getenv("GOMP_SPINCOUNT");
    if (!strcmp(expect, "chosen")) {
        /* One of the two, whichever this machine's load chose when it started. */
        const int passive = policy && !strcmp(policy, "passive") && !spin;
        const int spins = spin && !strcmp(spin, RG_SPIN_COUNT) && !policy;
        CHECK(passive || spins, "OMP_WAIT_POLICY is %s, GOMP_SPINCOUNT %s",
              policy ? policy : "unset", spin ? spin : "unset");
        printf("chosen: %s\n", spins ? "GOMP_SPINCOUNT=" RG_SPIN_COUNT : "OMP_WAIT_POLICY=passive");
        check_choices();
    } else if (!strcmp(expect, "active"))
        CHECK(policy && !strcmp(policy, "active"), "the user's OMP_WAIT_POLICY became %s",
              policy ? policy : "unset");
    else
        CHECK(!policy, "OMP_WAIT_POLICY set to %s although GOMP_SPINCOUNT was set", policy);
    return check_done();
}
