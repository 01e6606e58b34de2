/* The model's modules in schedule order. Adding a sub-model or policy means adding
 * its module here, its parameters and fields to the tables, and its slot. */
#include "reintegra/module.h"

static const rg_module *const modules[] = {
    &rg_population_module, /* attributes at release */
    &rg_justice_module,    /* releases first, then arrests, courts, prison */
    &rg_offending_module,  /* offences of free people */
};

const rg_module *const *rg_modules(size_t *count)
{
    *count = sizeof modules / sizeof modules[0];
    return modules;
}
