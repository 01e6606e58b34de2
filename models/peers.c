/*
 * Peers (see peers.h): each person has up to four ties, mostly within the
 * neighbourhood. After each month's phases the share of ties recently arrested and
 * the share in work are computed for use in the next month's offending hazard
 * (reading other people's state only here, in the world phase, keeps the result
 * independent of thread scheduling).
 */
#include <stdlib.h>

#include "reintegra/employment.h"
#include "reintegra/justice.h"
#include "reintegra/module.h"
#include "reintegra/peers.h"
#include "reintegra/population.h"
#include "reintegra/rng.h"

RG_PARAM_SPECS(rg_params_peers, RG_PEERS_PARAMS);
RG_FIELD_SPECS(rg_cols_peers, RG_PEERS_FIELDS);

/* Random purposes (rng.h). */
static const rg_purpose draws[] = {
    RG_DRAW("peers.ties", 31, 0, ONCE, AGENT, 0, 2 * RG_MAX_TIES,
            "per tie, a 32-bit output each: within the neighbourhood or not, then whom"),
};

static rg_status peers_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const struct rg_cols_population *population = RG_COLS(run, population);
    const struct rg_cols_peers *peers = self->cols;
    const struct rg_params_peers *q = self->params;
    const long long n = (long long)run->a.n;
    self->state = malloc(run->a.n ? run->a.n : 1); /* what ties see, each month */
    if (!self->state) return rg_error_set(err, RG_EINTERNAL, "peers: out of memory");
    const int nb = rg_population_neighbourhoods(run);
    uint32_t *cols[RG_MAX_TIES] = {peers->peer0, peers->peer1, peers->peer2, peers->peer3};
#pragma omp parallel for schedule(static) num_threads(rg_run_threads(run))
    for (long long i = 0; i < n; i++) {
        rg_rng r;
        rg_rng_at(&r, run->seed, &draws[0], (uint64_t)i, 0);
        /* Neighbourhood k holds ids [k n / nb, (k + 1) n / nb) (population.c). */
        long long k = population->neighbourhood[i];
        long long lo = k * n / nb, hi = (k + 1) * n / nb;
        for (int t = 0; t < RG_MAX_TIES; t++) {
            const double u_local = rg_u01_32(rg_rng_u32(&r));
            const uint32_t x_pick = rg_rng_u32(&r);
            long long j = i;
            if (t < q->ties && n > 1) {
                /* Uniform over the neighbourhood (or everyone) without oneself. */
                int local = u_local < q->local_share && hi - lo > 1;
                long long base = local ? lo : 0, span = local ? hi - lo : n;
                j = base + (long long)rg_below(x_pick, (uint32_t)(span - 1));
                if (j >= i) j++;
            }
            cols[t][i] = (uint32_t)j;
        }
        peers->peer_arrested[i] = peers->peer_working[i] = 0.0f;
    }
    return RG_OK;
}

/* What a tie sees of person j this month, one byte per person: 1 if arrested
 * within the window, plus 8 if free and in work. A person reads four ties, a third
 * of them anywhere in the population: one byte of a small array instead of three
 * columns spares the cache misses that made this hook dear. The bytes of a
 * person's ties add up to (arrested ties) + 8 (working ties), at most 4 + 32:
 * the low three bits count the arrested, the rest the working. */
enum { SEEN_ARRESTED = 1, SEEN_WORKING = 8 };

static rg_status peers_world(rg_run *run, rg_instance *self, rg_error *err)
{
    (void)err;
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_employment *employment = RG_COLS(run, employment);
    const struct rg_cols_peers *peers = self->cols;
    const struct rg_params_peers *q = self->params;
    uint8_t *seen = self->state;
    const int ties = (int)q->ties, window = (int)q->window_months, month = run->month;
    const uint32_t *cols[RG_MAX_TIES] = {peers->peer0, peers->peer1, peers->peer2, peers->peer3};
    const long long n = (long long)run->a.n;
    /* share[k]: k ties of `ties`, the same float as (float)k / (float)ties. */
    float share[RG_MAX_TIES + 1] = {0};
    for (int k = 0; k <= ties && ties > 0; k++) share[k] = (float)k / (float)ties;
#pragma omp parallel num_threads(rg_run_threads(run))
    {
        /* Columns in locals: the byte stores could alias the structures that hold
         * them, which would reload them for every person (and keep the loop out of
         * vector lanes). */
        const int16_t *last_arrest = justice->last_arrest;
        const uint8_t *status = justice->status, *employed = employment->employed;
#pragma omp for schedule(static)
        for (long long j = 0; j < n; j++) {
            const int last = last_arrest[j];
            const int arrested = (last >= 0) & (month - last < window);
            const int working = (status[j] == RG_FREE) & (employed[j] != 0);
            seen[j] = (uint8_t)(arrested * SEEN_ARRESTED + working * SEEN_WORKING);
        }
#pragma omp for schedule(static)
        for (long long i = 0; i < n; i++) {
            unsigned sum = 0;
            if (ties == RG_MAX_TIES)
                sum = (unsigned)seen[cols[0][i]] + seen[cols[1][i]] + seen[cols[2][i]] +
                      seen[cols[3][i]];
            else
                for (int t = 0; t < ties; t++) sum += seen[cols[t][i]];
            peers->peer_arrested[i] = share[sum % SEEN_WORKING];
            peers->peer_working[i] = share[sum / SEEN_WORKING];
        }
    }
    return RG_OK;
}

const rg_module rg_peers_module = {
    .name = "peers",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_peers),
    RG_MODULE_FIELDS(rg_cols_peers),
    .summary = "ties between the people simulated; exposure to arrested and working peers",
    .on =
        {
            [RG_PHASE_INIT] = {.global = peers_init, .after = "population", .what = "ties"},
            [RG_PHASE_WORLD] = {.global = peers_world,
                                .what = "shares of ties recently arrested and in work, for next "
                                        "month"},
        },
    .free = rg_free_state,
};
