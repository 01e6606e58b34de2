/*
 * The groups that results are given for, declared once: the headline measures
 * (recidivism.h), the metrics, contrasts and report, and the calibration's targets
 * all name and select people through this table. Membership comes from the
 * attribute codes of the output contract (schema.h).
 */
#ifndef REINTEGRA_GROUPS_H
#define REINTEGRA_GROUPS_H

#include "schema.h"

/* X(ID, key, label, kind, code): key is used in files and on the command line; a
 * person is in the group when their attribute `kind` has the value `code` (race and
 * sex crossed: RG_RACE_SEX of the two codes). Gaps are
 * differences between two groups' estimates (the first minus the second) and hold
 * nobody; they come last. */
#define RG_RACE_SEX(race, sex) (2 * (race) + (sex))
#define RG_GROUPS(X)                                                                               \
    X(ALL, "all", "everyone", ALL, 0)                                                              \
    X(MALE, "male", "men", SEX, RG_MALE)                                                           \
    X(FEMALE, "female", "women", SEX, RG_FEMALE)                                                   \
    X(AGE_24, "age_24_or_younger", "aged 24 or younger", AGE, RG_AGE_24_OR_YOUNGER)                \
    X(AGE_25_39, "age_25_39", "aged 25-39", AGE, RG_AGE_25_39)                                     \
    X(AGE_40, "age_40_or_older", "aged 40 or older", AGE, RG_AGE_40_OR_OLDER)                      \
    X(WHITE, "white", "white", RACE, RG_WHITE)                                                     \
    X(BLACK, "black", "black", RACE, RG_BLACK)                                                     \
    X(HISPANIC, "hispanic", "Hispanic", RACE, RG_HISPANIC)                                         \
    X(OTHER_RACE, "other_race", "other race", RACE, RG_OTHER_RACE)                                 \
    X(WHITE_MEN, "white_men", "white men", RACE_SEX, RG_RACE_SEX(RG_WHITE, RG_MALE))               \
    X(BLACK_MEN, "black_men", "black men", RACE_SEX, RG_RACE_SEX(RG_BLACK, RG_MALE))               \
    X(HISPANIC_MEN, "hispanic_men", "Hispanic men", RACE_SEX, RG_RACE_SEX(RG_HISPANIC, RG_MALE))   \
    X(WHITE_WOMEN, "white_women", "white women", RACE_SEX, RG_RACE_SEX(RG_WHITE, RG_FEMALE))       \
    X(BLACK_WOMEN, "black_women", "black women", RACE_SEX, RG_RACE_SEX(RG_BLACK, RG_FEMALE))       \
    X(HISPANIC_WOMEN, "hispanic_women", "Hispanic women", RACE_SEX,                                \
      RG_RACE_SEX(RG_HISPANIC, RG_FEMALE))                                                         \
    X(VIOLENT, "offense_violent", "violent offence", OFFENSE, RG_VIOLENT)                          \
    X(PROPERTY, "offense_property", "property offence", OFFENSE, RG_PROPERTY)                      \
    X(DRUG, "offense_drug", "drug offence", OFFENSE, RG_DRUG)                                      \
    X(PUBLIC_ORDER, "offense_public_order", "public-order offence", OFFENSE, RG_PUBLIC_ORDER)      \
    X(RECORD_CLEARED, "record_cleared", "record cleared (recipients)", RECORD, RG_RELIEF_CLEARED)  \
    X(RECORD_ELIGIBLE, "record_eligible", "eligible, record not cleared", RECORD,                  \
      RG_RELIEF_ELIGIBLE)                                                                          \
    X(RECORD_INELIGIBLE, "record_ineligible", "record never eligible", RECORD,                     \
      RG_RELIEF_INELIGIBLE)                                                                        \
    X(GAP_BLACK_WHITE, "gap_black_white", "gap: black minus white", GAP, 0)                        \
    X(GAP_HISPANIC_WHITE, "gap_hispanic_white", "gap: Hispanic minus white", GAP, 0)               \
    X(GAP_FEMALE_MALE, "gap_female_male", "gap: women minus men", GAP, 0)                          \
    X(GAP_CLEARED_ELIGIBLE, "gap_cleared_eligible",                                                \
      "gap: record cleared minus eligible not cleared", GAP, 0)

#define RG_GROUP_ENUM_(id, key, label, kind, code) RG_G_##id,
typedef enum rg_group { RG_GROUPS(RG_GROUP_ENUM_) RG_GROUP_COUNT } rg_group;
#undef RG_GROUP_ENUM_
enum { RG_G_FIRST_GAP = RG_G_GAP_BLACK_WHITE };

/* The attribute a group is defined by. */
typedef enum rg_group_kind {
    RG_GK_ALL,
    RG_GK_SEX,
    RG_GK_AGE,
    RG_GK_RACE,
    RG_GK_RACE_SEX, /* race and sex crossed (black men, ...) */
    RG_GK_OFFENSE,
    RG_GK_RECORD, /* record relief under Fresh Start (/agents/record_relief) */
    RG_GK_GAP
} rg_group_kind;

const char *rg_group_key(rg_group g);
const char *rg_group_label(rg_group g);
rg_group_kind rg_group_kind_of(rg_group g);
/* The group of a key, or -1. */
int rg_group_parse(const char *key);
/* Is a person with these codes in group g? race < 0: not known (in no race group);
 * record < 0: no record relief (in no record group). */
int rg_group_has(rg_group g, int sex, double age_at_release, int race, int offense, int record);

#endif
