/* How the program's OpenMP threads wait for work. */
#ifndef REINTEGRA_THREADS_H
#define REINTEGRA_THREADS_H

/* How idle OpenMP threads wait: call rg_threads_wait_policy first thing in main().
 * libgomp reads OMP_WAIT_POLICY and GOMP_SPINCOUNT once, when it is loaded, and by
 * default a thread that finishes its share of a loop spins for about 300,000
 * iterations before it sleeps. On a machine with more runnable threads than cores
 * the spinning threads take the cores from those with work, and two threads run
 * slower than one; on a quiet machine a thread that sleeps at once wakes late for
 * each of the month's 44 parallel loops, and two threads gain 1.4-1.8x instead of
 * 1.9-2.2x (docs/performance.md, "Waiting threads").
 *
 * So when the user set neither variable, the program starts itself again (execv of
 * /proc/self/exe, the same arguments) with a choice made for the machine it finds:
 * GOMP_SPINCOUNT=RG_SPIN_COUNT (a bounded spin, then sleep) when it is quiet, else
 * OMP_WAIT_POLICY=passive. A user's own setting wins. Returns only when the program
 * goes on as it is: 0 when the user had chosen or a choice is already in place, -1
 * when it could not start again (the run goes on with libgomp's default), as when
 * the program was started by naming the dynamic loader (`ld.so program ...`, where
 * /proc/self/exe is the loader: set the variables yourself there). */
int rg_threads_wait_policy(char **argv);

/* The spin of a quiet machine: iterations of a pause instruction, about 2.6 ms
 * where a pause takes 26 ns (a third of libgomp's default). */
#define RG_SPIN_COUNT "100000"

typedef enum rg_wait { RG_WAIT_PASSIVE, RG_WAIT_SPIN } rg_wait;

/* The choice for a machine of `cpus` online CPUs where `others` threads besides the
 * caller's are runnable (a mean over a few readings) and, where the kernel keeps
 * pressure information, a thread waited for a CPU `pressure` percent of the last
 * 10 seconds (/proc/pressure/cpu "some avg10"; negative: unknown). Spin when it is
 * quiet: others on fewer than half the CPUs and a pressure below 10% (never on one
 * CPU); else passive. */
rg_wait rg_threads_wait_for(long cpus, double others, double pressure);
/* The same for this machine now (passive where /proc/stat cannot be read); takes
 * about 8 ms. */
rg_wait rg_threads_wait_here(void);

#endif
