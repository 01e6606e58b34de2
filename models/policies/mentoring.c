/*
 * Mentoring expansion (policies.h): `extra_per_1000` mentors join the pool at the
 * start month (mentors.c sizes the pool; the added mentors rest until the start).
 * Their mentee-months are costed in /programmes.
 */
#include "reintegra/module.h"

static rg_status mentoring_validate(const rg_params *p, rg_error *err)
{
    if (p->mentoring.enabled && p->mentoring.extra_per_1000 <= 0)
        return rg_error_set(err, RG_EINPUT,
                            "mentoring.enabled is true but mentoring.extra_per_1000 is 0; "
                            "add at least some mentors");
    return RG_OK;
}

const rg_module rg_mentoring_module = {
    .name = "mentoring",
    .validate = mentoring_validate,
};
