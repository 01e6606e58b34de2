/*
 * The machinery every programme shares (include/reintegra/programme.h): offers,
 * uptake and the waiting list in the agent phase; admission by the targeting rule
 * in the market phase; dropout and completion. The emulated trial randomises the
 * offer of one programme.
 */
#include "reintegra/programme.h"

#include <math.h>

#include "reintegra/allocate.h"
#include "reintegra/module.h"
#include "reintegra/rng.h"

long long rg_programme_places(const rg_run *run, const rg_programme *prog)
{
    return llround(prog->places_per_1000 * (double)run->a.n / 1000.0);
}

static void leave(rg_run *run, rg_block *blk, const rg_programme *prog, size_t i, int state,
                  int reason, void (*ended)(rg_run *, rg_block *, size_t, int))
{
    prog->state[i] = (uint8_t)state;
    rg_block_event(blk, i, RG_EV_PROGRAMME_END, prog->id + 16 * reason);
    if (ended) ended(run, blk, i, state == RG_PROG_COMPLETED);
}

void rg_programme_agents(rg_run *run, rg_block *blk, const rg_programme *prog,
                         void (*active)(rg_run *, rg_block *, size_t),
                         void (*ended)(rg_run *, rg_block *, size_t, int completed))
{
    if (!prog->enabled || blk->month < prog->start_month) return;
    rg_agents *a = &run->a;
    const int month = blk->month;
    const int trial = run->p.trial.programme == prog->id + 1;
    for (size_t i = blk->begin; i < blk->end; i++) {
        uint8_t st = prog->state[i];
        if (st == RG_PROG_ACTIVE) {
            if (a->status[i] != RG_FREE) {
                leave(run, blk, prog, i, RG_PROG_DROPPED, 2, ended);
                continue;
            }
            rg_rng r;
            rg_rng_init(&r, run->seed, RG_STREAM_PROGRAMME, i,
                        (uint32_t)month + 1024u * (uint32_t)prog->id);
            if (rg_rng_u01(&r) < prog->dropout) {
                leave(run, blk, prog, i, RG_PROG_DROPPED, 1, ended);
                continue;
            }
            prog->months[i]++;
            if (active) active(run, blk, i);
            if (prog->months[i] >= prog->duration)
                leave(run, blk, prog, i, RG_PROG_COMPLETED, 0, ended);
            continue;
        }
        if (st == RG_PROG_WAITING && !prog->eligible(run, i)) {
            prog->state[i] = RG_PROG_NONE; /* no longer eligible: off the list */
            continue;
        }
        if (st != RG_PROG_NONE || a->status[i] != RG_FREE ||
            a->months_free[i] > prog->enrol_window || !prog->eligible(run, i))
            continue;
        /* Offered: first the trial's randomisation, then the person's choice. */
        if (trial) {
            int offered =
                rg_draw_u01(run->seed, RG_STREAM_TRIAL, i, 0) < run->p.trial.share_offered;
            a->trial_arm[i] = (int8_t)offered;
            if (!offered) {
                prog->state[i] = RG_PROG_DECLINED;
                continue;
            }
        }
        rg_rng r;
        rg_rng_init(&r, run->seed, RG_STREAM_PROGRAMME, i,
                    (uint32_t)month + 1024u * (uint32_t)prog->id);
        (void)rg_rng_u01(&r); /* the dropout draw's place */
        if (rg_rng_u01(&r) < prog->uptake) {
            prog->state[i] = RG_PROG_WAITING;
            prog->since[i] = (int16_t)month;
        } else {
            prog->state[i] = RG_PROG_DECLINED;
        }
    }
}

rg_status rg_programme_admit(rg_run *run, const rg_programme *prog, rg_error *err)
{
    if (!prog->enabled || run->month < prog->start_month) return RG_OK;
    rg_agents *a = &run->a;
    long long active = 0;
    for (size_t i = 0; i < a->n; i++) active += prog->state[i] == RG_PROG_ACTIVE;
    long long free_places = rg_programme_places(run, prog) - active;
    if (free_places <= 0) return RG_OK;
    rg_candidate_buf list = {0};
    for (size_t i = 0; i < a->n; i++) {
        if (prog->state[i] != RG_PROG_WAITING || !prog->eligible(run, i)) continue;
        /* Higher score first: longest waiting, greatest need, or highest risk. */
        double score = prog->targeting == 1   ? prog->need(run, i)
                       : prog->targeting == 2 ? a->predicted_risk[i]
                                              : -(double)prog->since[i];
        rg_candidate_push(&list, 0, (uint32_t)i, (float)score);
    }
    if (list.failed) {
        rg_candidate_buf_free(&list);
        return rg_error_set(err, RG_EINTERNAL, "out of memory (programme %s)", prog->name);
    }
    int32_t cap = free_places > INT32_MAX ? INT32_MAX : (int32_t)free_places;
    rg_status st = rg_allocate(list.c, list.len, &cap, 1, run->threads, err);
    for (size_t k = 0; st == RG_OK && k < list.len; k++) {
        if (!list.c[k].won) continue;
        uint32_t i = list.c[k].agent;
        prog->state[i] = RG_PROG_ACTIVE;
        prog->months[i] = 0;
        rg_block_event(&run->blocks[i / RG_BLOCK_SIZE], i, RG_EV_PROGRAMME_START, prog->id);
    }
    rg_candidate_buf_free(&list);
    return st;
}
