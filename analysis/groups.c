/* The groups that results are given for. */
#include "reintegra/groups.h"

#include <string.h>

#define RG_GROUP_ROW_(id, key, label, kind, code) {key, label, RG_GK_##kind, code},
static const struct {
    const char *key, *label;
    rg_group_kind kind;
    int code;
} groups[RG_GROUP_COUNT] = {RG_GROUPS(RG_GROUP_ROW_)};
#undef RG_GROUP_ROW_

const char *rg_group_key(rg_group g)
{
    return groups[g].key;
}

const char *rg_group_label(rg_group g)
{
    return groups[g].label;
}

rg_group_kind rg_group_kind_of(rg_group g)
{
    return groups[g].kind;
}

int rg_group_parse(const char *key)
{
    for (int g = 0; g < RG_GROUP_COUNT; g++)
        if (!strcmp(key, groups[g].key)) return g;
    return -1;
}

int rg_group_has(rg_group g, int sex, double age_at_release, int race, int offense, int record)
{
    const int code = groups[g].code;
    switch (groups[g].kind) {
    case RG_GK_ALL: return 1;
    case RG_GK_SEX: return sex == code;
    case RG_GK_AGE: return rg_age_group_of(age_at_release) == code;
    case RG_GK_RACE: return race >= 0 && race == code;
    case RG_GK_RACE_SEX: return race >= 0 && RG_RACE_SEX(race, sex) == code;
    case RG_GK_OFFENSE: return offense == code;
    case RG_GK_RECORD: return record >= 0 && record == code;
    case RG_GK_GAP: return 0;
    }
    return 0;
}
