/*
 * The output contract shared by the writer (the engine) and every reader (the
 * analysis, the workflows, outside tools): the schema version of run files and the
 * codes stored in their attribute columns (docs/output-format.md). It depends on
 * nothing else, so the analysis can read files without knowing the engine.
 */
#ifndef REINTEGRA_SCHEMA_H
#define REINTEGRA_SCHEMA_H

/* Version 2: every dataset carries Fletcher32 checksums, HDF5's metadata its own
 * (file format of HDF5 1.10), strings have fixed lengths, and the root attribute
 * `checksum` covers the root attributes and /config. Version 1 files are refused
 * with a message that says so. */
enum { RG_SCHEMA_VERSION = 2 };

/* The root attributes of a run file that the recorded checksum covers, in this
 * order, then /config: X(name, kind), kind TEXT, INT (int64) or REAL (float64).
 * Left out are the four that differ between reruns of the same configuration
 * (host, created_utc, threads, wall_seconds; HDF5's metadata checksums cover
 * them), so the checksum of a run depends on its configuration and build alone. */
#define RG_RUN_CHECKSUMMED(X)                                                                      \
    X(format, TEXT)                                                                                \
    X(schema_version, INT)                                                                         \
    X(reintegra_version, TEXT)                                                                     \
    X(git_revision, TEXT)                                                                          \
    X(build_type, TEXT)                                                                            \
    X(compiler, TEXT)                                                                              \
    X(libraries, TEXT)                                                                             \
    X(scenario, TEXT)                                                                              \
    X(description, TEXT)                                                                           \
    X(trial_programme, TEXT)                                                                       \
    X(seed, INT)                                                                                   \
    X(agents, INT)                                                                                 \
    X(months, INT)                                                                                 \
    X(months_completed, INT)

/* Codes stored in the attribute columns (/agents/sex, race, offense, prior_group). */
enum rg_sex { RG_MALE = 0, RG_FEMALE = 1 };
enum rg_age_group { RG_AGE_24_OR_YOUNGER = 0, RG_AGE_25_39 = 1, RG_AGE_40_OR_OLDER = 2 };
enum rg_offense { RG_VIOLENT = 0, RG_PROPERTY = 1, RG_DRUG = 2, RG_PUBLIC_ORDER = 3 };
enum rg_priors { RG_PRIORS_4_OR_FEWER = 0, RG_PRIORS_5_TO_9 = 1, RG_PRIORS_10_OR_MORE = 2 };
enum rg_race { RG_WHITE = 0, RG_BLACK = 1, RG_HISPANIC = 2, RG_OTHER_RACE = 3 };
/* Record relief (/agents/record_relief, Fresh Start): never eligible, eligible but
 * never cleared, cleared at some time (recipients, reinstated ones included); -1
 * while the policy is not in force. */
enum rg_record_relief {
    RG_RELIEF_OFF = -1,
    RG_RELIEF_INELIGIBLE = 0,
    RG_RELIEF_ELIGIBLE = 1,
    RG_RELIEF_CLEARED = 2
};

/* Groups of the job seekers without a record who compete with the cohort for
 * vacancies; each names summary columns seekers_G, seekers_employed_G,
 * seeker_applications_G, seeker_callbacks_G, seeker_earnings_G (/summary).
 * G(X, s, group, description) with X and s passed through. */
#define RG_SEEKER_GROUPS(G, X, s)                                                                  \
    G(X, s, all, "all")                                                                            \
    G(X, s, white, "white")                                                                        \
    G(X, s, black, "black")                                                                        \
    G(X, s, hispanic, "Hispanic")                                                                  \
    G(X, s, age_24, "aged 24 or younger")                                                          \
    G(X, s, age_25_39, "aged 25-39")                                                               \
    G(X, s, age_40, "aged 40 or older")

/* Age group of an age in years (/agents/age_at_release), as BJS reports it. */
static inline int rg_age_group_of(double age_years)
{
    return age_years < 25.0 ? RG_AGE_24_OR_YOUNGER
                            : (age_years < 40.0 ? RG_AGE_25_39 : RG_AGE_40_OR_OLDER);
}

/* Event types of the event log, one list per module that logs them:
 *     E(NAME, code, description)
 * The codes are part of the output contract: unique over the model (a unit test
 * checks), 1 to 255, never reused. A module's file turns its list into the
 * descriptors the run file carries (RG_EVENT_SPECS, registry.h); readers use the
 * RG_EV_ constants without the engine. */
#define RG_JUSTICE_EVENTS(E)                                                                       \
    E(RELEASE, 1, "release from prison (detail: 0 first release, 1 re-release)")                   \
    E(ARREST, 3, "arrest (detail: 1 if on supervision)")                                           \
    E(CONVICTION, 4, "conviction for an earlier arrest (detail: 1 if sentenced to prison)")        \
    E(ADMISSION, 5,                                                                                \
      "admission to prison (detail: 0 new sentence, 1 revocation after arrest, "                   \
      "2 technical revocation)")                                                                   \
    E(RECORD_CLEARED, 16, "the criminal record is cleared (detail: 0 petition, 1 automatic)")      \
    E(RECORD_REINSTATED, 20, "a cleared record is reinstated by a new conviction")
#define RG_OFFENDING_EVENTS(E) E(OFFENSE, 2, "offences committed this month (detail: how many)")
#define RG_EMPLOYMENT_EVENTS(E)                                                                    \
    E(JOB_START, 6, "a job starts (detail: sector of the employer)")                               \
    E(JOB_LOSS, 7, "a job ends (detail: 0 separation, 1 imprisonment)")
#define RG_HOUSING_EVENTS(E)                                                                       \
    E(HOUSING_MOVE, 8, "housing changes (detail: new state, 0 stable, 1 unstable, 2 homeless)")
#define RG_MENTORS_EVENTS(E)                                                                       \
    E(MENTOR_MATCH, 9, "matched with a mentor")                                                    \
    E(MENTOR_END, 10,                                                                              \
      "a mentoring relationship ends (detail: 0 failed, 1 completed, 2 imprisonment, "             \
      "3 mentor burnout)")
#define RG_HEALTH_EVENTS(E) E(RELAPSE, 11, "relapse (detail: 0 substance use, 1 mental illness)")
#define RG_FAMILY_EVENTS(E)                                                                        \
    E(FAMILY_BREAKDOWN, 12, "family support breaks down")                                          \
    E(FAMILY_REPAIR, 13, "family support is rebuilt")
#define RG_PROGRAMME_EVENTS(E)                                                                     \
    E(PROGRAMME_START, 14, "starts a programme (detail: programme id, /programmes order)")         \
    E(PROGRAMME_END, 15,                                                                           \
      "leaves a programme (detail: programme id + 16 x reason: 0 completed, 1 dropped out, "       \
      "2 imprisoned)")

/* Every event type, in module order. */
// clang-format off
#define RG_EVENT_TYPES(E) \
    RG_JUSTICE_EVENTS(E) \
    RG_OFFENDING_EVENTS(E) \
    RG_EMPLOYMENT_EVENTS(E) \
    RG_HOUSING_EVENTS(E) \
    RG_MENTORS_EVENTS(E) \
    RG_HEALTH_EVENTS(E) \
    RG_FAMILY_EVENTS(E) \
    RG_PROGRAMME_EVENTS(E)
// clang-format on

#define RG_EVENT_ENUM_(name, code, desc) RG_EV_##name = code,
typedef enum rg_event_type { RG_EVENT_TYPES(RG_EVENT_ENUM_) } rg_event_type;
#undef RG_EVENT_ENUM_

enum { RG_ADMIT_SENTENCE = 0, RG_ADMIT_REVOKED_ARREST = 1, RG_ADMIT_TECHNICAL = 2 };

#endif
