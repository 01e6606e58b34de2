/* How the program's OpenMP threads wait for work. */
#ifndef REINTEGRA_THREADS_H
#define REINTEGRA_THREADS_H

/* Make idle OpenMP threads wait passively unless the user chose: call first thing
 * in main(). libgomp reads OMP_WAIT_POLICY and GOMP_SPINCOUNT once, when it is
 * loaded, and by default a thread that finishes its share of a loop spins for
 * about 300,000 iterations before it sleeps; on a machine with more runnable
 * threads than cores the spinning threads take the cores from those with work, and
 * two threads run slower than one. When neither variable is set this sets
 * OMP_WAIT_POLICY=passive and starts the program again (the same process, by
 * execv of /proc/self/exe, with the same arguments); a user's own setting wins.
 * Returns only when the program goes on as it is: 0 when the user had chosen or
 * the policy is already in place, -1 when it could not start again (the run then
 * goes on with libgomp's default). */
int rg_threads_wait_policy(char **argv);

#endif
