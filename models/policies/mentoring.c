/*
 * Mentoring expansion (policies.h): `extra_per_1000` mentors join the pool at the
 * start month (through mentors' effect point). Their mentee-months are costed in
 * /programmes.
 */
#include <math.h>

#include "reintegra/mentors.h"
#include "reintegra/module.h"
#include "reintegra/programme.h"

static rg_status mentoring_validate(const rg_params *p, rg_error *err)
{
    if (p->mentoring.enabled && p->mentoring.extra_per_1000 <= 0)
        return rg_error_set(err, RG_EINPUT,
                            "mentoring.enabled is true but mentoring.extra_per_1000 is 0; "
                            "add at least some mentors");
    return RG_OK;
}

/* The added mentors are in the pool from the start month. */
static double mentoring_added(const rg_run *run, const rg_instance *self, size_t month)
{
    (void)self;
    const struct rg_params_mentoring *q = &run->p.mentoring;
    if (!q->enabled || (long long)month < q->start_month) return 0.0;
    return (double)llround(q->extra_per_1000 * (double)run->a.n / 1000.0);
}

/* Costed participants: free mentees of the added mentors. */
static int64_t mentoring_mentees(const rg_run *run, const rg_instance *self, size_t begin,
                                 size_t end, uint8_t *in)
{
    (void)self;
    const int32_t base = rg_mentors_base(run);
    const rg_agents *a = &run->a;
    int64_t count = 0;
    for (size_t i = begin; i < end; i++)
        if (a->mentor[i] >= base && a->status[i] == RG_FREE) {
            in[i - begin] = 1;
            count++;
        }
    return count;
}

const rg_module rg_mentoring_module = {
    .name = "mentoring",
    .summary = "mentoring expansion: more mentors in the pool",
    .kind = RG_POLICY,
    .validate = mentoring_validate,
    .effects = (const rg_effect[]){{&rg_mentors_added, mentoring_added}, {NULL, NULL}},
    .programme = &(const rg_programme_spec){.participants = mentoring_mentees},
};
