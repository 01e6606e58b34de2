/* Audit emulation: matched synthetic applications, with and without a record, by
 * group, sent to the simulated employers as Pager (2003), Agan & Starr (2018) and
 * Holzer et al. (2003) sent or asked them (data/targets/employers.csv,
 * data/targets/labour_market.csv). One application per employer and tester,
 * callbacks drawn from keyed streams (fixed seeds); matched testers share their
 * draws at each employer, as matched pairs do in the field.
 *
 * The Pager, Agan & Starr (record ratio among employers that ask, before the
 * policy) and Holzer emulations check the inputs they were derived from. The
 * before/after Ban the Box design (Agan & Starr's field experiment) is a result:
 * its callback gaps are printed and asserted only for direction and sanity. */
#include <math.h>
#include <stdio.h>

#include "../check.h"
#include "reintegra/config.h"
#include "reintegra/employment.h"
#include "reintegra/module.h"
#include "reintegra/population.h"
#include "reintegra/rng.h"
#include "reintegra/run.h"
#include "reintegra/stigma.h"

/* The stream of employment's audit emulation (its own seeds here). */
enum { AUDIT_STREAM = 33 };

/* Callback rate of `who` at the employers whose own practice is `box` (-1: all),
 * the record seen by every employer (disclose_all) or by those asking now, under
 * the parameters `p`; draws keyed by (seed, employer). */
static double audit(const rg_run *run, const rg_params *p, const rg_applicant *who,
                    int disclose_all, int box, uint64_t seed)
{
    const rg_employers *emp = rg_employment_employers(run);
    const double *S = rg_stigma_public(run);
    long calls = 0, sent = 0;
    for (int32_t e = 0; e < emp->count; e++) {
        if (box >= 0 && emp->asks[e] != box) continue;
        int seen = disclose_all || emp->asks_now[e];
        calls += rg_draw_u01(seed, AUDIT_STREAM, (uint64_t)e, 0) <
                 rg_callback_probability(p, emp, e, who, seen, S[emp->neighbourhood[e]]);
        sent++;
    }
    return sent ? (double)calls / (double)sent : NAN;
}

/* Pager 2003 with Pager's single-study values (scenarios/labour_pager.cfg):
 * in-person testers, felony drug conviction, recently released, the record
 * disclosed to every employer. */
static void pager(const rg_run *run)
{
    rg_params p = run->p;
    struct rg_params_employment *q = RG_PARAMS_MUT(&p, employment);
    q->race_penalty_black = 0.59;
    q->race_penalty_hispanic = 0.3;
    q->black_record_multiplier = 1.4;
    rg_applicant white = {RG_WHITE, RG_DRUG, 0, 3.0, 0.5, RG_MALE},
                 black = {RG_BLACK, RG_DRUG, 0, 3.0, 0.5, RG_MALE};
    rg_applicant white_rec = white, black_rec = black;
    white_rec.has_record = black_rec.has_record = 1;
    double wn = audit(run, &p, &white, 1, -1, 101), wr = audit(run, &p, &white_rec, 1, -1, 102);
    double bn = audit(run, &p, &black, 1, -1, 103), br = audit(run, &p, &black_rec, 1, -1, 104);
    printf("Pager emulation (Pager's values): white %.1f%% / %.1f%% with record; black %.1f%% / "
           "%.1f%%\n  (published: white 34 / 17, black 14 / 5)\n",
           100 * wn, 100 * wr, 100 * bn, 100 * br);
    /* Ranges: each rate within 4 points, the record ratio within 0.1 of Pager's
     * (0.50 white, 0.36 black). */
    CHECK(fabs(100 * wn - 34) < 4, "white, no record: %.1f%%", 100 * wn);
    CHECK(fabs(100 * wr - 17) < 4, "white, record: %.1f%%", 100 * wr);
    CHECK(fabs(100 * bn - 14) < 4, "black, no record: %.1f%%", 100 * bn);
    CHECK(fabs(100 * br - 5) < 4, "black, record: %.1f%%", 100 * br);
    CHECK(fabs(wr / wn - 0.50) < 0.1, "white record ratio %.2f (Pager 0.50)", wr / wn);
    CHECK(fabs(br / bn - 0.36) < 0.1, "black record ratio %.2f (Pager 0.36)", br / bn);
    CHECK(br / bn < wr / wn, "the record penalty should be larger for black applicants");
}

/* Holzer, Raphael & Stoll 2003: about 20% of employers would accept an applicant
 * with a record; here, employers whose penalty for a typical record a year after
 * release is under 20% of callbacks. */
static void holzer(const rg_run *run)
{
    const rg_employers *emp = rg_employment_employers(run);
    long accepting = 0;
    rg_applicant typical = {RG_WHITE, RG_PROPERTY, 1, 12.0, 0.5, RG_MALE};
    for (int32_t e = 0; e < emp->count; e++)
        accepting += rg_record_penalty(&run->p, emp, e, &typical,
                                       rg_stigma_public(run)[emp->neighbourhood[e]]) < 0.2;
    double share = (double)accepting / emp->count;
    printf("Holzer emulation: %.1f%% of employers barely weigh a record (published about 20%%)\n",
           100 * share);
    CHECK(share > 0.1 && share < 0.3, "accepting share %.2f outside [0.1, 0.3]", share);
}

/* Callbacks of Agan & Starr's four testers (white/black x no record/record; young
 * men, a felony conviction about two years old) at box (1) or no-box (0)
 * employers, under `p`. */
typedef struct cells {
    double c[2][2][2]; /* [box][black][record] */
} cells;

static cells agan_starr(const rg_run *run, const rg_params *p)
{
    cells k;
    for (int box = 0; box < 2; box++)
        for (int black = 0; black < 2; black++)
            for (int rec = 0; rec < 2; rec++) {
                rg_applicant a = {
                    black ? RG_BLACK : RG_WHITE, RG_PROPERTY, rec, 24.0, 0.5, RG_MALE};
                /* Matched testers share the draw at each employer. */
                k.c[box][black][rec] = audit(run, p, &a, 0, box, 201);
            }
    return k;
}

/* White / black callback ratio of applicants without a record. */
static double gap(const cells *k, int box)
{
    return k->c[box][0][0] / k->c[box][1][0];
}

static void print_cells(const char *when, const cells *k)
{
    for (int box = 1; box >= 0; box--)
        printf("  %-6s %-7s callbacks: white %.1f%% / %.1f%% with record, black %.1f%% / %.1f%%;"
               " white/black (no record) %.2f\n",
               when, box ? "box" : "no box", 100 * k->c[box][0][0], 100 * k->c[box][0][1],
               100 * k->c[box][1][0], 100 * k->c[box][1][1], gap(k, box));
}

/* Agan & Starr 2018: applications before and after Ban the Box at employers that
 * asked (box) and did not (no box). */
static void before_after(void)
{
    rg_params p;
    rg_params_defaults(&p);
    p.run.agents = 200000; /* 8,000 employers */
    p.run.months = 2;
    rg_error err = {0};
    CHECK(rg_config_set(&p, "ban_the_box.enabled=true", &err) == RG_OK, "%s", err.msg);
    CHECK(rg_config_set(&p, "ban_the_box.start_month=1", &err) == RG_OK, "%s", err.msg);
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, &p, 0, &err) == RG_OK, "create: %s", err.msg);
    if (!run) return;
    const cells pre = agan_starr(run, &run->p);
    /* The policy acts on practice from month 1's market phase. */
    for (int m = 0; m < 2; m++) CHECK(rg_run_step(run, &err) == RG_OK, "step: %s", err.msg);
    const cells post = agan_starr(run, &run->p);
    printf("Agan & Starr before/after emulation (published before: white/black 1.07 at box "
           "employers; after: 1.43; records: 1.63x callbacks without one where asked)\n");
    print_cells("before", &pre);
    print_cells("after", &post);
    double did = (gap(&post, 1) - gap(&pre, 1)) - (gap(&post, 0) - gap(&pre, 0));
    printf("  change of the white/black gap at box minus no-box employers: %+.3f\n", did);

    /* Inputs: among employers that ask, before, applicants without a record get
     * about 63% more callbacks (pooled over race). */
    double ratio = (pre.c[1][0][0] + pre.c[1][1][0]) / (pre.c[1][0][1] + pre.c[1][1][1]);
    printf("  record ratio at box employers before: %.2f (published 1.63)\n", ratio);
    CHECK(ratio > 1.4 && ratio < 1.9, "Agan & Starr ratio %.2f outside [1.4, 1.9]", ratio);
    /* Direction and sanity only. */
    for (int b = 0; b < 2; b++)
        for (int r = 0; r < 2; r++)
            CHECK(post.c[0][b][r] == pre.c[0][b][r], "no-box employers changed (%d %d)", b, r);
    CHECK(fabs(post.c[1][0][0] - post.c[1][0][1]) < 1e-12,
          "after the policy a record is invisible at the first screen");
    CHECK(gap(&post, 1) > gap(&pre, 1), "the race gap should grow where the box was removed");
    CHECK(post.c[1][1][1] > pre.c[1][1][1], "black applicants with records should gain");
    CHECK(post.c[1][1][0] < pre.c[1][1][0], "black applicants without records should lose");
    CHECK(gap(&pre, 0) > gap(&pre, 1), "the gap should be larger where employers cannot see");

    /* Without taste-based discrimination, a race gap remains where employers cannot
     * see records (statistical discrimination), and none where they can. */
    rg_params p0 = run->p;
    RG_PARAMS_MUT(&p0, employment)->race_penalty_black = 0;
    const cells none = agan_starr(run, &p0);
    printf("  no taste-based discrimination, after: white/black %.2f at no-box, %.2f at box\n",
           gap(&none, 0), gap(&none, 1));
    CHECK(gap(&none, 0) > 1.02, "statistical discrimination should leave a gap: %.3f",
          gap(&none, 0));
    rg_run_free(run);
}

int main(void)
{
    rg_params p;
    rg_params_defaults(&p);
    p.run.agents = 200000; /* 8,000 employers */
    p.run.months = 1;
    rg_error err = {0};
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, &p, 0, &err) == RG_OK, "create: %s", err.msg);
    if (!run) return check_done();
    printf("%d employers\n", rg_employment_employers(run)->count);
    pager(run);
    holzer(run);
    rg_run_free(run);
    before_after();
    return check_done();
}
