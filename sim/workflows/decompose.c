/* Race gaps by channel (decompose.h): the scenario and its counterfactuals under
 * common random numbers, each with one more channel equalised between groups. */
#include <hdf5.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "common/h5io.h"
#include "reintegra/decompose.h"
#include "reintegra/employment.h"
#include "reintegra/housing.h"
#include "reintegra/justice.h"
#include "reintegra/module.h"
#include "reintegra/population.h"
#include "workflows/internal.h"

enum { FOLLOW_MONTHS = 36 };

static const char *const channel_key[] = {
#define RG_CHANNEL_KEY_(key, desc) #key,
    RG_DECOMPOSE_CHANNELS(RG_CHANNEL_KEY_)
#undef RG_CHANNEL_KEY_
};
static const char *const channel_desc[] = {
#define RG_CHANNEL_DESC_(key, desc) desc,
    RG_DECOMPOSE_CHANNELS(RG_CHANNEL_DESC_)
#undef RG_CHANNEL_DESC_
};
static const char *const outcome_key[] = {
#define RG_OUTCOME_KEY_(key, unit, desc) #key,
    RG_DECOMPOSE_OUTCOMES(RG_OUTCOME_KEY_)
#undef RG_OUTCOME_KEY_
};

const char *rg_decompose_channel(int c)
{
    return c >= 0 && c < RG_DECOMPOSE_CHANNEL_COUNT ? channel_key[c] : "?";
}

const char *rg_decompose_channel_description(int c)
{
    return c >= 0 && c < RG_DECOMPOSE_CHANNEL_COUNT ? channel_desc[c] : "?";
}

const char *rg_decompose_outcome(int o)
{
    return o >= 0 && o < RG_DECOMPOSE_OUTCOME_COUNT ? outcome_key[o] : "?";
}

double rg_decomposition_contribution(const rg_decomposition *d, int c, int group, int outcome)
{
    return d->gap[c][group][outcome] - d->gap[c + 1][group][outcome];
}

/* Equalise channel c in p (decompose.h: what each channel sets). */
static void equalise(rg_params *p, int c)
{
    struct rg_params_justice *j = RG_PARAMS_MUT(p, justice);
    struct rg_params_employment *e = RG_PARAMS_MUT(p, employment);
    struct rg_params_population *q = RG_PARAMS_MUT(p, population);
    switch (c) {
    case RG_DC_policing:
        j->policing_violent = j->policing_property = j->policing_drug = 0;
        j->policing_public_order = j->supervision_intensity = 0;
        break;
    case RG_DC_taste: e->race_penalty_black = e->race_penalty_hispanic = 0; break;
    case RG_DC_statistical:
        e->belief_black_men = e->belief_other_men;
        e->black_record_multiplier = 1;
        break;
    case RG_DC_jobs: e->jobs_disadvantage = 0; break;
    case RG_DC_housing: RG_PARAMS_MUT(p, housing)->stock_disadvantage = 0; break;
    case RG_DC_neighbourhood:
        q->dissimilarity_black = q->dissimilarity_hispanic = q->dissimilarity_other = 0;
        break;
    default: break;
    }
}

/* Levels by race (0 white, 1 black, 2 Hispanic) of a run held in memory. */
static void levels(const rg_run *run, double out[3][RG_DECOMPOSE_OUTCOME_COUNT])
{
    const struct rg_cols_population *population = RG_COLS(run, population);
    const struct rg_cols_justice *justice = RG_COLS(run, justice);
    const uint8_t *race = population->race;
    const int16_t *first = justice->first_arrest, *released = population->release_month;
    const uint16_t *employed = RG_COLS(run, employment)->months_employed;
    const uint16_t *free_ = justice->months_free_total;
    double followed[3] = {0}, arrested[3] = {0}, months_emp[3] = {0}, months_free[3] = {0};
    for (size_t i = 0; i < run->a.n; i++) {
        const int g = race[i];
        if (g > RG_HISPANIC) continue;
        months_emp[g] += employed[i];
        months_free[g] += free_[i];
        if (run->month - released[i] < FOLLOW_MONTHS) continue;
        followed[g] += 1;
        arrested[g] += first[i] >= 0 && first[i] < FOLLOW_MONTHS;
    }
    for (int g = 0; g < 3; g++) {
        out[g][RG_DO_rearrest_3y] = followed[g] > 0 ? 100.0 * arrested[g] / followed[g] : NAN;
        out[g][RG_DO_employment] =
            months_free[g] > 0 ? 100.0 * months_emp[g] / months_free[g] : NAN;
    }
}

/* One run of p (into `output` when not NULL); its levels by race. */
static rg_status one_run(const rg_params *p, const char *output, int threads,
                         double lv[3][RG_DECOMPOSE_OUTCOME_COUNT], rg_error *err)
{
    rg_run *run = NULL;
    RG_TRY(rg_run_create(&run, p, threads, err));
    rg_status st = output ? rg_run_open_output(run, output, err) : RG_OK;
    if (st == RG_OK) st = rg_run_complete(run, err);
    if (st == RG_OK) levels(run, lv);
    rg_run_free(run);
    return st;
}

/* The table as the group /race_decomposition of the scenario's run file. */
static rg_status write_table(const char *path, const rg_decomposition *d, rg_error *err)
{
    enum { C = RG_DECOMPOSE_CHANNEL_COUNT, G = RG_DECOMPOSE_GROUP_COUNT };
    enum { O = RG_DECOMPOSE_OUTCOME_COUNT };
    double contribution[C][G][O];
    for (int c = 0; c < C; c++)
        for (int g = 0; g < G; g++)
            for (int o = 0; o < O; o++)
                contribution[c][g][o] = rg_decomposition_contribution(d, c, g, o);
    hid_t file = H5Fopen(path, H5F_ACC_RDWR, H5P_DEFAULT);
    if (file < 0)
        return rg_error_set(err, RG_EINTERNAL, "%s: cannot reopen to add the table", path);
    hid_t grp = rg_h5_create_group(
        file, "race_decomposition",
        "race gaps by channel: counterfactual runs under common random numbers, channels "
        "equalised cumulatively in table order (decompose.h)");
    const hsize_t dg[] = {C + 1, G, O}, dk[] = {C, G, O}, dl[] = {3, O};
    int bad = grp < 0;
    bad = bad || rg_h5_write_strings(grp, "channel", channel_key, C,
                                     "channels, in the order they are equalised") < 0;
    bad = bad || rg_h5_write_strings(grp, "channel_description", channel_desc, C,
                                     "what equalising each channel sets") < 0;
    bad = bad || rg_h5_write_strings(grp, "outcome", outcome_key, O,
                                     "outcomes: rearrest within 3 years, months in work") < 0;
    bad = bad || rg_h5_write_doubles(grp, "gap", 3, dg, &d->gap[0][0][0], "percentage points",
                                     "gap to white people [step][black, Hispanic][outcome]; "
                                     "step 0 the scenario, step k after k channels are "
                                     "equalised, the last the residual") < 0;
    bad = bad || rg_h5_write_doubles(grp, "contribution", 3, dk, &contribution[0][0][0],
                                     "percentage points",
                                     "the gap that comes through each channel "
                                     "[channel][black, Hispanic][outcome]") < 0;
    bad =
        bad || rg_h5_write_doubles(grp, "level", 2, dl, &d->level[0][0], "percent",
                                   "the scenario's outcomes [white, black, Hispanic][outcome]") < 0;
    if (grp >= 0) H5Gclose(grp);
    if (H5Fclose(file) < 0) bad = 1;
    return bad ? rg_error_set(err, RG_EINTERNAL, "%s: could not write /race_decomposition", path)
               : RG_OK;
}

rg_status rg_decompose(const rg_params *p, const char *output, int threads, const rg_hooks *hooks,
                       rg_decomposition *d, rg_error *err)
{
    if (p->run.months < FOLLOW_MONTHS)
        return rg_error_set(err, RG_EINPUT,
                            "decompose: run.months is %lld; the decomposition follows people "
                            "for %d months, so run at least that long",
                            p->run.months, FOLLOW_MONTHS);
    memset(d, 0, sizeof *d);
    rg_params q = *p;
    for (int k = 0; k <= RG_DECOMPOSE_CHANNEL_COUNT; k++) {
        rg_progress pr = {"runs", k, 0, RG_DECOMPOSE_CHANNEL_COUNT + 1, 0, 0, NAN, NAN};
        rg_hooks_progress(hooks, &pr);
        if (k > 0) equalise(&q, k - 1);
        double lv[3][RG_DECOMPOSE_OUTCOME_COUNT];
        RG_TRY(one_run(&q, k == 0 ? output : NULL, threads, lv, err));
        if (k == 0) memcpy(d->level, lv, sizeof lv);
        for (int g = 0; g < RG_DECOMPOSE_GROUP_COUNT; g++)
            for (int o = 0; o < RG_DECOMPOSE_OUTCOME_COUNT; o++)
                d->gap[k][g][o] = lv[g + 1][o] - lv[RG_WHITE][o];
        if (k > 0) rg_hooks_log(hooks, "decompose: %s equalised", channel_key[k - 1]);
    }
    rg_progress pr = {
        "runs", RG_DECOMPOSE_CHANNEL_COUNT + 1, 0, RG_DECOMPOSE_CHANNEL_COUNT + 1, 0, 0, NAN, NAN};
    rg_hooks_progress(hooks, &pr);
    return output ? write_table(output, d, err) : RG_OK;
}

void rg_decompose_write_markdown(FILE *f)
{
    fputs("\n## `/race_decomposition`\n\n"
          "Written by `reintegra decompose SCENARIO -o OUT.h5` into the scenario's run file "
          "(read by `reintegra metrics`): how much of the gap between black (and Hispanic) and "
          "white people in rearrest within 3 years (`rearrest_3y`, percent) and in the share of "
          "months free spent in work (`employment`, percent) comes through each channel. The "
          "scenario is run again under the same random numbers with the channels equalised "
          "one after another, in the order of `channel`; a channel's contribution is the gap "
          "before it is equalised minus the gap after. C is the number of channels.\n\n"
          "| dataset | type | shape | units | description |\n"
          "| --- | --- | --- | --- | --- |\n"
          "| `channel` | string | C | - | the channels, in the order they are equalised |\n"
          "| `channel_description` | string | C | - | what equalising each channel sets |\n"
          "| `outcome` | string | 2 | - | `rearrest_3y`, `employment` |\n"
          "| `gap` | float64 | [C + 1, 2, 2] | percentage points | gap to white people "
          "[step][black, Hispanic][outcome]: step 0 the scenario, step k after k channels are "
          "equalised; the last step is the residual |\n"
          "| `contribution` | float64 | [C, 2, 2] | percentage points | gap[c] - gap[c + 1] |\n"
          "| `level` | float64 | [3, 2] | percent | the scenario's outcomes [white, black, "
          "Hispanic][outcome] |\n\nChannels:\n\n",
          f);
    for (int c = 0; c < RG_DECOMPOSE_CHANNEL_COUNT; c++)
        fprintf(f, "- `%s`: %s\n", channel_key[c], channel_desc[c]);
}
