/*
 * The module list: every sub-model and policy of the model, one line each. Its
 * order is the order of parameter groups (docs/parameters.md), fields and effect
 * contributions; the hooks of each phase run in this order too, except where a
 * module's declared constraints order them otherwise (`reintegra schedule`).
 */
#include "reintegra/module.h"

#define RG_MODULE_LIST(M)                                                                          \
    M(population)                                                                                  \
    M(offending)                                                                                   \
    M(justice)                                                                                     \
    M(employment)                                                                                  \
    M(family)                                                                                      \
    M(housing)                                                                                     \
    M(health)                                                                                      \
    M(stigma)                                                                                      \
    M(mentors)                                                                                     \
    M(peers)                                                                                       \
    M(ban_the_box)                                                                                 \
    M(fresh_start)                                                                                 \
    M(cbt)                                                                                         \
    M(training)                                                                                    \
    M(transitional_jobs)                                                                           \
    M(supported_housing)                                                                           \
    M(health_programme)                                                                            \
    M(family_support)                                                                              \
    M(mentoring)                                                                                   \
    M(stigma_campaign)                                                                             \
    M(risk_tool)                                                                                   \
    M(trial)                                                                                       \
    M(programmes)                                                                                  \
    M(costs)

/* A build may append one module, RG_EXTRA_MODULE=name (the test of a programme
 * added in one file does). */
#ifdef RG_EXTRA_MODULE
#define RG_APPLY_(M, name) M(name)
#define RG_EXTRA_MODULES(M) RG_APPLY_(M, RG_EXTRA_MODULE)
#else
#define RG_EXTRA_MODULES(M)
#endif

#define RG_DECLARE_(name) extern const rg_module rg_##name##_module;
RG_MODULE_LIST(RG_DECLARE_)
RG_EXTRA_MODULES(RG_DECLARE_)
#undef RG_DECLARE_

#define RG_ADDRESS_(name) &rg_##name##_module,
static const rg_module *const modules[] = {RG_MODULE_LIST(RG_ADDRESS_)
                                               RG_EXTRA_MODULES(RG_ADDRESS_)};
#undef RG_ADDRESS_

const rg_module *const *rg_modules(size_t *count)
{
    *count = sizeof modules / sizeof modules[0];
    return modules;
}
