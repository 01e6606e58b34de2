/* The fiscal effect of a scenario (analysis/compare.c) on runs made by hand, three
 * months long: each part equals its hand-computed value, discounted and not; the
 * net fiscal cost equals the extra programme cost minus both savings; discounting
 * with every factor 1 (a rate of 0) equals the plain sums; runs of different sizes
 * are scaled to the other scenario's people; files without the cost columns give
 * no estimate. */
#include <math.h>
#include <string.h>

#include "../check.h"
#include "reintegra/compare.h"

enum { MONTHS = 3 };

typedef struct hand_run {
    double programme[MONTHS], prison[MONTHS], supervision[MONTHS];
} hand_run;

static double factors[MONTHS] = {1.0, 0.5, 0.25};
static double ones[MONTHS] = {1.0, 1.0, 1.0};

static void make_run(rg_result *r, hand_run *h, long long seed, long long agents,
                     const double *factor)
{
    memset(r, 0, sizeof *r);
    r->seed = seed;
    r->agents = agents;
    r->months = MONTHS;
    r->summary.programme_cost = h->programme;
    r->summary.prison_cost = h->prison;
    r->summary.supervision_cost = h->supervision;
    r->summary.discount_factor = (double *)factor;
}

typedef struct hand_study {
    rg_result runs[4];
    rg_run_metrics metrics[4];
    const rg_result *rp[4];
    const rg_run_metrics *mp[4];
    rg_scenario base, other;
} hand_study;

/* Base: two seeds; other: the same seeds (paired). Sizes: base_agents, other_agents. */
static void make_study(hand_study *s, hand_run *h, long long base_agents, long long other_agents,
                       const double *factor)
{
    for (int i = 0; i < 4; i++) {
        make_run(&s->runs[i], &h[i], 1 + i % 2, i < 2 ? base_agents : other_agents, factor);
        memset(&s->metrics[i], 0, sizeof s->metrics[i]);
        s->rp[i] = &s->runs[i];
        s->mp[i] = &s->metrics[i];
    }
    s->base = (rg_scenario){.label = "base", .n = 2, .runs = s->rp, .metrics = s->mp};
    s->other = (rg_scenario){.label = "other", .n = 2, .runs = s->rp + 2, .metrics = s->mp + 2};
}

static hand_run h[4] = {
    /* base, seeds 1 and 2: no programme */
    {{0, 0, 0}, {1000, 1000, 1000}, {100, 100, 100}},
    {{0, 0, 0}, {1000, 1000, 1000}, {100, 100, 100}},
    /* other, seeds 1 and 2: a programme of $300 a month */
    {{300, 300, 300}, {500, 500, 500}, {100, 50, 0}},
    {{300, 300, 300}, {600, 600, 600}, {100, 100, 100}},
};

static void near(double got, double want, const char *what)
{
    CHECK(fabs(got - want) <= 1e-9 * (1 + fabs(want)), "%s: %.12g, expected %.12g", what, got,
          want);
}

static void test_hand_computed(void)
{
    hand_study s;
    make_study(&s, h, 100, 100, factors);
    /* Discounted (factors 1, 0.5, 0.25: a month's weight sum 1.75):
     * seed 1: programme 525, prison savings 1750 - 875 = 875, supervision savings
     *         175 - (100 + 25 + 0) = 50, net 525 - 875 - 50 = -400;
     * seed 2: programme 525, prison savings 1750 - 1050 = 700, supervision 0,
     *         net -175. Means: 525, 787.5, 25, -287.5. */
    near(rg_fiscal_effect(&s.base, &s.other, RG_FISCAL_PROGRAMME_COST, 1).est, 525, "programme");
    near(rg_fiscal_effect(&s.base, &s.other, RG_FISCAL_PRISON_SAVINGS, 1).est, 787.5, "prison");
    near(rg_fiscal_effect(&s.base, &s.other, RG_FISCAL_SUPERVISION_SAVINGS, 1).est, 25,
         "supervision");
    rg_estimate net = rg_fiscal_effect(&s.base, &s.other, RG_FISCAL_NET_COST, 1);
    near(net.est, -287.5, "net");
    /* Paired interval: differences -400 and -175, sd 159.099, t(0.975, 1) = 12.7062. */
    near(net.hi - net.est, 12.706204736174705 * 159.09902576697318 / sqrt(2.0), "half-width");
    CHECK(net.method == RG_CI_PAIRED, "method %d", (int)net.method);
    /* Undiscounted: seed 1: 900, 1500, 150, net -750; seed 2: 900, 1200, 0, net -300. */
    near(rg_fiscal_effect(&s.base, &s.other, RG_FISCAL_PROGRAMME_COST, 0).est, 900, "plain");
    near(rg_fiscal_effect(&s.base, &s.other, RG_FISCAL_PRISON_SAVINGS, 0).est, 1350, "plain");
    near(rg_fiscal_effect(&s.base, &s.other, RG_FISCAL_SUPERVISION_SAVINGS, 0).est, 75, "plain");
    near(rg_fiscal_effect(&s.base, &s.other, RG_FISCAL_NET_COST, 0).est, -525, "plain net");
}

/* Net = programme - prison savings - supervision savings, estimate and per pair. */
static void test_net_equals_parts(void)
{
    hand_study s;
    make_study(&s, h, 100, 100, factors);
    for (int d = 0; d < 2; d++) {
        double p = rg_fiscal_effect(&s.base, &s.other, RG_FISCAL_PROGRAMME_COST, d).est;
        double q = rg_fiscal_effect(&s.base, &s.other, RG_FISCAL_PRISON_SAVINGS, d).est;
        double u = rg_fiscal_effect(&s.base, &s.other, RG_FISCAL_SUPERVISION_SAVINGS, d).est;
        near(rg_fiscal_effect(&s.base, &s.other, RG_FISCAL_NET_COST, d).est, p - q - u,
             "net = parts");
    }
}

/* With every factor 1 (costs.discount_rate = 0) discounting changes nothing. */
static void test_rate_zero(void)
{
    hand_study s;
    make_study(&s, h, 100, 100, ones);
    for (int k = 0; k < RG_FISCAL_COUNT; k++) {
        rg_estimate a = rg_fiscal_effect(&s.base, &s.other, (rg_fiscal_part)k, 1);
        rg_estimate b = rg_fiscal_effect(&s.base, &s.other, (rg_fiscal_part)k, 0);
        CHECK(a.est == b.est && a.lo == b.lo && a.hi == b.hi, "%s: %g vs %g",
              rg_fiscal_key((rg_fiscal_part)k), a.est, b.est);
    }
}

/* A base of 50 people counts double in a comparison with 100 (unpaired: sizes
 * differ), and one replicate a side gives no interval. */
static void test_scaling_and_missing(void)
{
    hand_study s;
    make_study(&s, h, 50, 100, factors);
    rg_estimate e = rg_fiscal_effect(&s.base, &s.other, RG_FISCAL_PRISON_SAVINGS, 0);
    near(e.est, 2 * 3000 - 1650, "scaled prison savings");
    CHECK(e.method == RG_CI_WELCH, "sizes differ: unpaired, not %d", (int)e.method);
    s.base.n = s.other.n = 1;
    e = rg_fiscal_effect(&s.base, &s.other, RG_FISCAL_NET_COST, 1);
    CHECK(!isnan(e.est) && isnan(e.lo) && isnan(e.hi), "one replicate: no interval");
    s.runs[0].summary.prison_cost = NULL; /* a file without the cost columns */
    CHECK(isnan(rg_fiscal_effect(&s.base, &s.other, RG_FISCAL_NET_COST, 1).est),
          "without the columns: unavailable");
}

int main(void)
{
    test_hand_computed();
    test_net_equals_parts();
    test_rate_zero();
    test_scaling_and_missing();
    return check_done();
}
