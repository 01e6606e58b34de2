"""Scenario contrasts, as ``reintegra compare`` makes them (analysis/compare.c):
each metric's difference OTHER - BASE with a 95% interval, paired by seed when the
scenarios share their seeds (common random numbers), else unpaired (Welch, or
normal with one replicate on a side); cost per outcome; and the emulated trial's
intention-to-treat estimate and true effect."""
from __future__ import annotations

import math
from typing import Callable, Iterable, Optional, Union

import numpy as np
import pandas as pd

from . import estimates as est
from .io import Run
from .study import (GROUPS, METRICS, TRIAL_OUTCOMES, PathLike, RunMetrics, Scenario, study,
                    trial_outcome, _G, _M)

COLUMNS = ["base", "scenario", "group", "metric", "unit", "base_estimate",
           "scenario_estimate", "difference", "lower", "upper", "method", "replicates"]


def paired(base: Scenario, other: Scenario) -> bool:
    """Do the scenarios share their replicate seeds and population sizes?"""
    return base.n == other.n and all(
        a.seed == b.seed and a.agents == b.agents for a, b in zip(base.runs, other.runs))


def _contrast(base: Scenario, other: Scenario,
              value: Callable[[RunMetrics], float], se: Callable[[RunMetrics], float]
              ) -> est.Estimate:
    a = [value(m) for m in base.metrics]
    b = [value(m) for m in other.metrics]
    if paired(base, other) and base.n >= 2:
        return est.contrast_paired(a, b)
    if base.n >= 2 and other.n >= 2:
        return est.contrast_welch(a, b)
    ea = est.replicates(a) if base.n >= 2 else est.normal(a[0], se(base.metrics[0]))
    eb = est.replicates(b) if other.n >= 2 else est.normal(b[0], se(other.metrics[0]))
    return est.contrast_normal(ea.est, ea.se, eb.est, eb.se)


def contrast_metric(base: Scenario, other: Scenario, metric: str,
                    group: str = "all") -> est.Estimate:
    """OTHER - BASE for a metric and group."""
    k, g = _M[metric], _G[group]
    return _contrast(base, other, lambda m: m.value[k, g], lambda m: m.se[k, g])


def cost_per_outcome(base: Scenario, other: Scenario, outcome: str) -> est.Estimate:
    """Extra programme cost of OTHER over BASE per rearrest averted
    (``cost_per_rearrest_averted``) or per extra person employed at the end
    (``cost_per_extra_person_employed``), in OTHER's population."""
    averted = outcome == "cost_per_rearrest_averted"
    om = _M["people_rearrested" if averted else "people_employed"]
    cost = _M["programme_cost"]
    pair = paired(base, other)
    n = base.n if pair else 1
    scale_to = float(other.runs[0].agents)
    dc, de = np.empty(n), np.empty(n)
    for i in range(n):
        sides = []
        for sc in (base, other):
            idx = [i] if pair else list(range(sc.n))
            c = o = 0.0
            for j in idx:
                per = scale_to / sc.runs[j].agents / len(idx)
                v = sc.metrics[j].value[cost, 0]
                c += (0.0 if math.isnan(v) else v) * per
                o += sc.metrics[j].value[om, 0] * per
            sides.append((c, o))
        (cb, ob), (co, oo) = sides
        dc[i] = co - cb
        de[i] = ob - oo if averted else oo - ob
    sc_, se_ = float(dc.sum()), float(de.sum())
    if math.isnan(sc_) or math.isnan(se_) or sc_ <= 0 or se_ <= 0:
        return est.NONE
    e = est.ratio_paired(dc, de)
    if not pair:
        e = est.Estimate(e.est, n=e.n, method="welch")
    return e


#: The parts of the fiscal effect (analysis/compare.c, RG_FISCAL_PARTS).
FISCAL_PARTS = ("fiscal_programme_cost", "fiscal_prison_savings",
                "fiscal_supervision_savings", "fiscal_net_cost")


def fiscal_totals(r, discounted: bool = True) -> Optional[tuple[float, float, float]]:
    """A run's public costs over the horizon (programmes, prison, supervision), in
    dollars of its own population, discounted by /summary/discount_factor or not;
    None when the file lacks the columns."""
    s = r.summary
    if not all(k in s for k in ("programme_cost", "prison_cost", "supervision_cost",
                                "discount_factor")):
        return None
    m = r.months
    d = s["discount_factor"][:m] if discounted else np.ones(m)
    p = q = u = 0.0
    for t in range(m):  # in month order, as the C code adds them
        p += float(s["programme_cost"][t]) * float(d[t])
        q += float(s["prison_cost"][t]) * float(d[t])
        u += float(s["supervision_cost"][t]) * float(d[t])
    return p, q, u


def fiscal_effect(base: Scenario, other: Scenario, part: str,
                  discounted: bool = True) -> est.Estimate:
    """The fiscal effect of OTHER against BASE over the horizon in OTHER's
    population: ``fiscal_programme_cost`` (extra programme cost),
    ``fiscal_prison_savings``, ``fiscal_supervision_savings`` (BASE minus OTHER)
    and ``fiscal_net_cost`` (the first minus both savings)."""
    people = float(other.runs[0].agents)

    def value(r) -> float:
        t = fiscal_totals(r, discounted)
        if t is None or r.agents <= 0:
            return math.nan
        p, q, u = t
        v = {"fiscal_programme_cost": p, "fiscal_prison_savings": -q,
             "fiscal_supervision_savings": -u}.get(part, p + q + u)
        return v * people / r.agents

    a = [value(r) for r in base.runs]
    b = [value(r) for r in other.runs]
    if paired(base, other) and base.n >= 2:
        return est.contrast_paired(a, b)
    if base.n >= 2 and other.n >= 2:
        return est.contrast_welch(a, b)
    ea = est.replicates(a) if base.n >= 2 else est.normal(a[0], math.nan)
    eb = est.replicates(b) if other.n >= 2 else est.normal(b[0], math.nan)
    e = est.contrast_normal(ea.est, ea.se, eb.est, eb.se)
    if math.isnan(e.est):
        return e
    return est.Estimate(e.est, n=e.n, method="paired" if paired(base, other) else "welch")


def trial_true_effect(base: Scenario, other: Scenario, outcome: str) -> est.Estimate:
    """The true effect of the trial's offer among the people offered it in OTHER:
    their outcome there minus their outcome in BASE (same people, same seed)."""
    if not other.has_trial() or not paired(base, other):
        return est.NONE
    d, se1 = np.empty(base.n), math.nan
    for i, (rb, ro) in enumerate(zip(base.runs, other.runs)):
        offered = ro.cols["trial_arm"] == 1
        diff = trial_outcome(ro, outcome)[offered] - trial_outcome(rb, outcome)[offered]
        diff = diff[~np.isnan(diff)]
        k = len(diff)
        d[i] = float(diff.sum()) / k if k else math.nan
        if i == 0 and k > 1:
            ss = float((diff * diff).sum())
            se1 = math.sqrt(max(0.0, (ss - k * d[0] * d[0]) / (k - 1)) / k)
    if base.n >= 2:
        return est.replicates(d).with_method("paired")
    return est.normal(d[0], se1)


def _scenarios(runs) -> list[Scenario]:
    if isinstance(runs, list) and runs and all(isinstance(s, Scenario) for s in runs):
        return runs
    return study(runs)


def compare(runs: Union[PathLike, Run, Iterable[Union[PathLike, Run]]],
            base: Optional[str] = None) -> pd.DataFrame:
    """Contrasts of every scenario with the base: the table of ``reintegra compare
    --csv``, with the same numbers.

    ``runs`` are run files (paths or loaded runs), grouped into scenarios as
    ``reintegra compare`` groups them; ``base`` names the base scenario (default:
    the first). Columns: base, scenario, group, metric, unit, base_estimate,
    scenario_estimate, difference, lower, upper, method, replicates. Groups and
    metrics are those of :data:`reintegra.study.GROUPS` and
    :data:`reintegra.study.METRICS`, then ``cost_per_rearrest_averted`` and
    ``cost_per_extra_person_employed`` (group ``all``), the fiscal effect (group
    ``fiscal``: :data:`FISCAL_PARTS`, discounted, then each with ``_undiscounted``)
    and, when a scenario holds an
    emulated trial, ``trial_itt_*`` and ``trial_true_effect_*`` (group ``trial``).
    """
    scenarios = _scenarios(runs)
    if len(scenarios) < 2:
        raise ValueError(f"compare: all the files are replicates of one scenario "
                         f"({scenarios[0].label}); give the files of two or more")
    labels = [s.label for s in scenarios]
    if base is not None and base not in labels:
        raise ValueError(f"compare: no scenario {base!r}; the scenarios are {labels}")
    b = scenarios[labels.index(base) if base is not None else 0]
    rows: list[tuple] = []

    def row(o: Scenario, group: str, metric: str, unit: str, eb: est.Estimate,
            eo: est.Estimate, d: est.Estimate) -> None:
        if math.isnan(d.est) and math.isnan(eb.est) and math.isnan(eo.est):
            return
        rows.append((b.label, o.label, group, metric, unit, eb.est, eo.est, d.est, d.lo, d.hi,
                     d.method_name, d.n))

    for o in scenarios:
        if o is b:
            continue
        for group in GROUPS:
            for key, unit in METRICS:
                row(o, group, key, unit, b.metric(key, group), o.metric(key, group),
                    contrast_metric(b, o, key, group))
        for key in ("cost_per_rearrest_averted", "cost_per_extra_person_employed"):
            row(o, "all", key, "$", est.NONE, est.NONE, cost_per_outcome(b, o, key))
        for discounted in (True, False):
            for part in FISCAL_PARTS:
                row(o, "fiscal", part + ("" if discounted else "_undiscounted"), "$", est.NONE,
                    est.NONE, fiscal_effect(b, o, part, discounted))
        if not o.has_trial():
            continue
        for t in TRIAL_OUTCOMES:
            row(o, "trial", f"trial_itt_{t}", "percentage points", est.NONE, est.NONE,
                o.itt(t))
            row(o, "trial", f"trial_true_effect_{t}", "percentage points", est.NONE,
                est.NONE, trial_true_effect(b, o, t))
    return pd.DataFrame(rows, columns=COLUMNS)
