/*
 * The machine's memory, for estimates made before allocating. Internal to
 * libreintegra (not an installed header).
 */
#ifndef REINTEGRA_COMMON_MEMORY_H
#define REINTEGRA_COMMON_MEMORY_H

#include "reintegra/error.h"

/* Bytes of memory available to a new allocation: MemAvailable of /proc/meminfo,
 * else the free physical pages (sysconf); 0 when unknown. */
double rg_memory_available(void);

/* RG_OK when an estimate of `bytes` fits the memory available; else RG_EINPUT with
 * both numbers: "WHAT needs about X GB of memory; this machine has Y GB available".
 * RG_MEMORY_CHECK=0 in the environment turns the check off (for machines whose
 * overcommit and swap make the estimate too strict). */
rg_status rg_memory_check(double bytes, const char *what, rg_error *err);

#endif
