/*
 * One person's life read back from a run file, for the story formatter (story.h):
 * their attributes (/agents), their events (/events) and, when the run sampled
 * them, their monthly state (/trajectories). Only that person is read from /agents
 * and /trajectories (one element, one column); the event log is scanned once,
 * block by block, for any number of people at a time.
 *
 * People are picked from a group reproducibly: the members of the group released
 * within the run, those whose monthly state was sampled first, each part ordered
 * by a hash (SplitMix64) of the run's seed and the person's id. Runs with the same
 * seed and population pick the same people.
 */
#ifndef REINTEGRA_LIFE_H
#define REINTEGRA_LIFE_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "groups.h"
#include "story.h"

/* A run file opened for reading lives. */
typedef struct rg_life_file rg_life_file;

/* Open a complete run file (the checks of rg_result_read). RG_EINPUT, naming the
 * file and the output setting to change, when it was written without /agents
 * (output.agents) or without its event log (output.events). */
rg_status rg_life_open(rg_life_file **f, const char *path, rg_error *err);
void rg_life_close(rg_life_file *f);

/* What the file is: its path, scenario (run.name), description, seed, population
 * and horizon, and the number of people whose monthly state was sampled. */
const char *rg_life_path(const rg_life_file *f);
const char *rg_life_scenario(const rg_life_file *f);
const char *rg_life_description(const rg_life_file *f);
long long rg_life_seed(const rg_life_file *f);
long long rg_life_agents(const rg_life_file *f);
int rg_life_months(const rg_life_file *f);
size_t rg_life_sampled(const rg_life_file *f);

/* One person's life; life.life points into the arrays owned here. */
typedef struct rg_life {
    rg_story_life life;
    rg_story_event *events;
    rg_story_month *months; /* NULL when the person's monthly state was not sampled */
    char **programmes;
    size_t n_programmes;
} rg_life;

/* Read the lives of people ids[0..n) into out[0..n) (free each with
 * rg_life_free). An id not below the population is RG_EINPUT. */
rg_status rg_life_read(rg_life_file *f, const uint32_t *ids, size_t n, rg_life *out, rg_error *err);
void rg_life_free(rg_life *l);

/* Up to `want` people of group g, in the order above, into ids; *found of them.
 * A gap (it holds nobody) is RG_EINPUT; a group without members gives 0. */
rg_status rg_life_pick(rg_life_file *f, rg_group g, size_t want, uint32_t *ids, size_t *found,
                       rg_error *err);

/* Are the same people in both files (same seed and population size)? RG_EINPUT
 * saying what differs when not. */
rg_status rg_life_same_people(const rg_life_file *a, const rg_life_file *b, rg_error *err);

#endif
