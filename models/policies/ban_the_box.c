/*
 * Ban the Box. From the start month, covered employers (a keyed share `coverage`)
 * no longer ask about records on the application. Nothing else is imposed: an
 * employer that already checked records after a conditional offer now acts on
 * that check (it no longer saw the record before), and one that never checked
 * still does not. Unable to see records at the first screen, covered employers
 * judge applicants as employers that never asked do, by their belief about the
 * applicant's visible group (employment.h): statistical discrimination follows
 * from beliefs and record weights; its size is a result (Agan & Starr 2018).
 */
#include <math.h>
#include <stdlib.h>

#include "reintegra/employment.h"
#include "reintegra/module.h"
#include "reintegra/rng.h"

/* Ban the Box: the record question leaves the application of covered employers. */
#define BAN_THE_BOX_PARAMS(X, g)                                                                   \
    X(g, BOOL, enabled, 0, 0, 0, "-", "apply Ban the Box", "setting")                              \
    X(g, INT, start_month, 0, 0, 1200, "month", "model month the policy starts", "setting")        \
    X(g, REAL, coverage, 1, 0, 1, "share", "share of employers covered", "setting")

RG_PARAM_STRUCT(rg_params_ban_the_box, BAN_THE_BOX_PARAMS);
RG_PARAM_SPECS(rg_params_ban_the_box, BAN_THE_BOX_PARAMS);

/* Random purposes (rng.h). */
static const rg_purpose draws[] = {
    RG_DRAW("ban_the_box.coverage", 42, 1, ONCE, EMPLOYER, 0, 2, "whether an employer is covered"),
};

/* State: [employer] 1 if covered. */
static rg_status btb_init(rg_run *run, rg_instance *self, rg_error *err)
{
    const rg_employers *emp = rg_employment_employers(run);
    uint8_t *covered = calloc((size_t)emp->count + 1, 1);
    self->state = covered;
    if (!covered) return rg_error_set(err, RG_EINTERNAL, "ban_the_box: out of memory");
    for (int32_t e = 0; e < emp->count; e++)
        covered[e] = rg_draw(run->seed, &draws[0], (uint64_t)e, 0) <
                     ((const struct rg_params_ban_the_box *)self->params)->coverage;
    return RG_OK;
}

/* Covered employers stop asking about records on the application. */
static double btb_asks(const rg_run *run, const rg_instance *self, size_t e)
{
    const struct rg_params_ban_the_box *b = self->params;
    const uint8_t *covered = self->state;
    return b->enabled && run->month >= b->start_month && covered[e] ? 0.0 : NAN;
}

const rg_module rg_ban_the_box_module = {
    .name = "ban_the_box",
    .mechanism = "Ban the Box: covered employers stop asking about records on the application. An "
                 "employer that cannot see a record guesses it from what it can see, discounting "
                 "every applicant by how likely it believes someone of their sex and race has a "
                 "record (statistical discrimination, Agan & Starr 2018), so Black men lose "
                 "callbacks whether or not they have a record, and employers that check after a "
                 "conditional offer still withdraw it. People with records compete with local job "
                 "seekers for the same vacancies, so employment can fall and the gap between Black "
                 "and white people can widen.",
    RG_MODULE_PURPOSES(draws),
    RG_MODULE_PARAMS(rg_params_ban_the_box),
    .summary = "Ban the Box: covered employers stop asking about records on the application; "
               "those that check after an offer act on the check; none starts checking",
    .kind = RG_POLICY,
    .on = {[RG_PHASE_INIT] = {.global = btb_init, .after = "employment", .what = "coverage"}},
    .free = rg_free_state,
    .effects = (const rg_effect[]){{&rg_employment_asks, btb_asks}, {NULL, NULL}},
};
