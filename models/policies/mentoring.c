/*
 * Mentoring expansion : `extra_per_1000` mentors join the pool at the
 * start month (through mentors' effect point). Their mentee-months are costed in
 * /programmes.
 */
#include <math.h>

#include "reintegra/justice.h"
#include "reintegra/mentors.h"
#include "reintegra/module.h"
#include "reintegra/programme.h"

/* Mentoring expansion: more mentors in the pool from the start month. */
#define MENTORING_PARAMS(X, g)                                                                     \
    X(g, BOOL, enabled, 0, 0, 0, "-", "run the expansion", "setting")                              \
    X(g, INT, start_month, 0, 0, 1200, "month", "model month the expansion starts", "setting")     \
    X(g, REAL, extra_per_1000, 20, 0, 1000, "mentors per 1000 people",                             \
      "mentors added to the pool per 1000 people simulated", "setting")                            \
    X(g, REAL, cost_per_month, 150, 0, 1e6, "dollars",                                             \
      "cost per mentee-month of the added mentors", "assumed")

RG_PARAM_STRUCT(rg_params_mentoring, MENTORING_PARAMS);
RG_PARAM_SPECS(rg_params_mentoring, MENTORING_PARAMS);

static rg_status mentoring_validate(const rg_params *p, const void *params, rg_error *err)
{
    (void)p;
    const struct rg_params_mentoring *q = params;
    if (q->enabled && q->extra_per_1000 <= 0)
        return rg_error_set(err, RG_EINPUT,
                            "mentoring.enabled is true but mentoring.extra_per_1000 is 0; "
                            "add at least some mentors");
    return RG_OK;
}

/* The added mentors are in the pool from the start month. */
static double mentoring_added(const rg_run *run, const rg_instance *self, size_t month)
{
    const struct rg_params_mentoring *q = self->params;
    if (!q->enabled || (long long)month < q->start_month) return 0.0;
    return (double)llround(q->extra_per_1000 * (double)run->a.n / 1000.0);
}

/* Costed participants: free mentees of the added mentors. */
static int64_t mentoring_mentees(const rg_run *run, const rg_instance *self, size_t begin,
                                 size_t end, uint8_t *in)
{
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const struct rg_cols_mentors *mentors = RG_COLS(run, mentors);
    (void)self;
    const int32_t base = rg_mentors_base(run);
    int64_t count = 0;
    for (size_t i = begin; i < end; i++)
        if (mentors->mentor[i] >= base && justice->status[i] == RG_FREE) {
            in[i - begin] = 1;
            count++;
        }
    return count;
}

const rg_module rg_mentoring_module = {
    .name = "mentoring",
    .mechanism = "Mentoring expansion: more mentors join the pool from the start month. A person "
                 "matched with a mentor offends less, by an amount that grows with the quality of "
                 "the relationship (Tolan et al. 2014), for as long as it lasts; relationships can "
                 "fail, end on going to prison or end when the mentor burns out.",
    RG_MODULE_PARAMS(rg_params_mentoring),
    .summary = "mentoring expansion: `extra_per_1000` mentors join the pool at "
               "`start_month`; costed per mentee-month. Effect: offending's "
               "`mentor_effect` x quality (Tolan et al. 2014). Lasts: while the "
               "relationship lasts",
    .kind = RG_POLICY,
    .validate = mentoring_validate,
    .effects = (const rg_effect[]){{&rg_mentors_added, mentoring_added}, {NULL, NULL}},
    .programme = &(const rg_programme_spec){.participants = mentoring_mentees},
};
