/*
 * The output contract shared by the writer (the engine) and every reader (the
 * analysis, the workflows, outside tools): the schema version of run files and the
 * codes stored in their attribute columns (docs/output-format.md). It depends on
 * nothing else, so the analysis can read files without knowing the engine.
 */
#ifndef REINTEGRA_SCHEMA_H
#define REINTEGRA_SCHEMA_H

enum { RG_SCHEMA_VERSION = 1 };

/* Codes stored in the attribute columns (/agents/sex, race, offense, prior_group). */
enum rg_sex { RG_MALE = 0, RG_FEMALE = 1 };
enum rg_age_group { RG_AGE_24_OR_YOUNGER = 0, RG_AGE_25_39 = 1, RG_AGE_40_OR_OLDER = 2 };
enum rg_offense { RG_VIOLENT = 0, RG_PROPERTY = 1, RG_DRUG = 2, RG_PUBLIC_ORDER = 3 };
enum rg_priors { RG_PRIORS_4_OR_FEWER = 0, RG_PRIORS_5_TO_9 = 1, RG_PRIORS_10_OR_MORE = 2 };
enum rg_race { RG_WHITE = 0, RG_BLACK = 1, RG_HISPANIC = 2, RG_OTHER_RACE = 3 };

/* Age group of an age in years (/agents/age_at_release), as BJS reports it. */
static inline int rg_age_group_of(double age_years)
{
    return age_years < 25.0 ? RG_AGE_24_OR_YOUNGER
                            : (age_years < 40.0 ? RG_AGE_25_39 : RG_AGE_40_OR_OLDER);
}

#endif
