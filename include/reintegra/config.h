/*
 * Scenario files (libconfig), layered:
 *   registry defaults <- base file named by `inherit` <- scenario <- --set overrides.
 * Every key must be a registered parameter of the right type and range; a problem
 * is reported as "FILE:LINE: key: what is wrong, what is expected" with RG_EINPUT.
 */
#ifndef REINTEGRA_CONFIG_H
#define REINTEGRA_CONFIG_H

#include <stdio.h>

#include "error.h"
#include "params.h"

/* Apply a scenario file (and the files it inherits) over p. */
rg_status rg_config_load(rg_params *p, const char *path, rg_error *err);

/* Apply one "group.key=value" override over p. */
rg_status rg_config_set(rg_params *p, const char *assignment, rg_error *err);

/* Apply a scenario given as text (e.g. the resolved configuration stored in an
 * output file); `origin` names it in messages. */
rg_status rg_config_load_string(rg_params *p, const char *text, const char *origin, rg_error *err);

/* Check relations between parameters that no single range expresses. */
rg_status rg_params_validate(const rg_params *p, rg_error *err);

/* rg_params_validate, with the problem placed where the user set the values: the
 * FILE:LINE (or "--set KEY") of a parameter the message names, the one set last of
 * `sets`, then `path` and the files it inherits; else `path` (NULL: no place). */
rg_status rg_config_validate(const rg_params *p, const char *path, char *const *sets, int nsets,
                             rg_error *err);

/* RG_EINPUT when `output` is a folder, or the scenario file `path` or a file it
 * inherits: an output never overwrites an input. */
rg_status rg_config_check_output(const char *path, const char *output, rg_error *err);

/* The full resolved configuration as a libconfig file that can be run as it is.
 * Returns a malloc'd string. */
char *rg_config_resolved(const rg_params *p);

#endif
