/*
 * Macros shared by the per-module declaration tables.
 *
 * Parameters: each module declares  #define RG_<MODULE>_PARAMS(X, g)  as a list of
 *     X(g, TYPE, name, default, min, max, unit, meaning, source)
 * with TYPE one of INT, REAL, BOOL, STR, CHOICE. For CHOICE, `min` holds the
 * allowed values as "a|b|c" and the field is the index of the chosen value.
 * For STR and BOOL, min and max are unused (write 0).
 *
 * Agent fields: each module declares  #define RG_<MODULE>_FIELDS(X, m)  as a list of
 *     X(m, ctype, name, H5TYPE, flags, units, description)
 * with H5TYPE one of U8, U16, I16, I32, U32, F32 and flags a combination of
 * RG_F_AGENTS (written per agent at the end of a run) and RG_F_TRAJ (written
 * monthly for the sampled agents).
 *
 * From these tables come the structs, the defaults, the configuration reader, the
 * range checks, the HDF5 writer and the generated documentation.
 */
#ifndef REINTEGRA_REGISTRY_H
#define REINTEGRA_REGISTRY_H

enum { RG_STR_MAX = 256 };

#define RG_CTYPE_INT long long
#define RG_CTYPE_REAL double
#define RG_CTYPE_BOOL int
#define RG_CTYPE_STR char
#define RG_CTYPE_CHOICE int
#define RG_CDIM_INT
#define RG_CDIM_REAL
#define RG_CDIM_BOOL
#define RG_CDIM_STR [RG_STR_MAX]
#define RG_CDIM_CHOICE

enum { RG_F_AGENTS = 1, RG_F_TRAJ = 2 };

#endif
