"""Evaluation metrics of runs and of scenarios, computed as the C analysis computes
them (analysis/metrics.c), so that ``reintegra.metrics`` gives the numbers of
``reintegra metrics --csv`` and ``reintegra.compare`` those of ``reintegra compare
--csv``.

Files are grouped into scenarios by scenario name and resolved configuration
without ``run.seed``: the replicates of a scenario differ only in their seed.
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from typing import Iterable, Union

import h5py
import numpy as np
import pandas as pd

from . import estimates as est
from .io import Run, RunFileError, load

PathLike = Union[str, "os.PathLike[str]"]

#: (key, unit) of every metric, in the order of the C analysis (include/reintegra/metrics.h).
METRICS: list[tuple[str, str]] = [
    ("rearrest_1y", "%"), ("rearrest_3y", "%"), ("rearrest_5y", "%"),
    ("reconviction_1y", "%"), ("reconviction_3y", "%"), ("reconviction_5y", "%"),
    ("reincarceration_1y", "%"), ("reincarceration_3y", "%"), ("reincarceration_5y", "%"),
    ("arrests_per_person", "arrests"), ("arrests_top_decile", "%"),
    ("months_to_first_arrest", "months"),
    ("time_free", "%"), ("employment_rate", "%"), ("income_monthly", "$/month"),
    ("housing_stable", "%"), ("homeless", "%"), ("qol_index", "0-100"),
    ("rearrest_after_eligibility", "%"), ("employment_after_eligibility", "%"),
    ("income_after_eligibility", "$/month"), ("wage_after_eligibility", "$/month"),
    ("people_rearrested", "people"), ("people_employed", "people"),
    ("seeker_employment", "%"), ("seeker_callbacks", "%"), ("seeker_earnings", "$/month"),
    ("programme_completion", "%"), ("programme_cost", "$"),
]
#: Groups of the job seekers without a record (summary columns seekers_G, ...), with
#: the analysis group each stands for (schema.h: RG_SEEKER_GROUPS).
SEEKER_GROUPS: list[tuple[str, str]] = [
    ("all", "all"), ("white", "white"), ("black", "black"), ("hispanic", "hispanic"),
    ("age_24", "age_24_or_younger"), ("age_25_39", "age_25_39"), ("age_40", "age_40_or_older"),
]
#: Group keys, in order; the last four are gaps (first group minus second).
GROUPS: list[str] = [
    "all", "male", "female", "age_24_or_younger", "age_25_39", "age_40_or_older", "white",
    "black", "hispanic", "other_race", "white_men", "black_men", "hispanic_men", "white_women",
    "black_women", "hispanic_women", "offense_violent", "offense_property", "offense_drug",
    "offense_public_order", "record_cleared", "record_eligible", "record_ineligible",
    "gap_black_white", "gap_hispanic_white", "gap_female_male", "gap_cleared_eligible",
]
#: Outcomes of the emulated trial.
TRIAL_OUTCOMES: list[str] = ["rearrest_1y", "rearrest_3y", "reincarceration_1y",
                             "employment_rate"]

_M = {key: k for k, (key, _) in enumerate(METRICS)}
_G = {key: k for k, key in enumerate(GROUPS)}
_FIRST_GAP = _G["gap_black_white"]
_GAPS = [("black", "white"), ("hispanic", "white"), ("female", "male"),
         ("record_cleared", "record_eligible")]
_KM_COLUMNS = ["first_arrest", "first_conviction", "first_return"]
_KM_KEYS = ["rearrest", "reconviction", "reincarceration"]
_REQUIRED = ["sex", "offense", "age_at_release", "release_month"] + _KM_COLUMNS
_OPTIONAL = ["race", "mental_illness", "substance_use", "trial_arm", "months_free_total",
             "months_employed", "months_stable_housing", "months_homeless", "income_total",
             "family_support", "stigma", "record_relief", "eligible_month",
             "months_free_eligible", "months_employed_eligible", "income_eligible",
             "arrested_eligible", "arrests"]


def config_without_seed(config: str) -> str:
    """The configuration without its ``seed`` line in the ``run`` group: the key that
    groups replicates."""
    out, in_run = [], False
    for line in config.splitlines(keepends=True):
        q = line.lstrip(" \t")
        if q.startswith(("run:", "run =", "run :")):
            in_run = True
        elif in_run and q.startswith("}"):
            in_run = False
        if not (in_run and q.startswith(("seed =", "seed:", "seed :", "seed="))):
            out.append(line)
    return "".join(out)


@dataclass
class RunData:
    """What the metrics need from one run file (as analysis/rundata.c reads it)."""
    path: str
    scenario: str
    seed: int
    agents: int
    months: int
    config_key: str
    trial_programme: str
    cols: dict[str, np.ndarray] = field(default_factory=dict)
    summary: dict[str, np.ndarray] = field(default_factory=dict)
    programmes: dict[str, np.ndarray] = field(default_factory=dict)

    @classmethod
    def read(cls, path: PathLike) -> "RunData":
        run = load(path)
        m = run.metadata
        rd = cls(run.path, str(m.get("scenario", "")), int(m["seed"]), int(m["agents"]),
                 int(m["months"]), config_without_seed(m.get("config", "")),
                 str(m.get("trial_programme", "")))
        with h5py.File(run.path, "r") as f:
            for name in _REQUIRED + _OPTIONAL:
                if f"agents/{name}" in f:
                    rd.cols[name] = f[f"agents/{name}"][()]
                elif name in _REQUIRED:
                    raise RunFileError(f"{run.path}: /agents/{name} is missing (was "
                                       "output.agents false, or is this not a complete "
                                       "run file?)")
            seekers = [f"{c}_{key}" for key, _ in SEEKER_GROUPS
                       for c in ("seekers", "seekers_employed", "seeker_applications",
                                 "seeker_callbacks", "seeker_earnings")]
            fiscal = ["programme_cost", "prison_cost", "supervision_cost", "discount_factor"]
            for name in ["free", "employed"] + seekers + fiscal:
                if f"summary/{name}" in f:
                    rd.summary[name] = f[f"summary/{name}"][()].astype(float)
            if "programmes/name" in f and len(f["programmes/name"]):
                for name in ("completed", "dropped", "participant_months", "cost_per_month"):
                    if f"programmes/{name}" in f:
                        rd.programmes[name] = f[f"programmes/{name}"][()].astype(float)
        return rd

    def follow(self) -> np.ndarray:
        """Months each person has been followed since first release (0: not released)."""
        rm = self.cols["release_month"].astype(np.int64)
        f = self.months - rm
        return np.where((rm < 0) | (f < 0), 0, f)

    def group_mask(self, group: str) -> np.ndarray:
        c, n = self.cols, self.agents
        codes = {"male": ("sex", 0), "female": ("sex", 1), "white": ("race", 0),
                 "black": ("race", 1), "hispanic": ("race", 2), "other_race": ("race", 3),
                 "offense_violent": ("offense", 0), "offense_property": ("offense", 1),
                 "offense_drug": ("offense", 2), "offense_public_order": ("offense", 3),
                 "record_cleared": ("record_relief", 2), "record_eligible": ("record_relief", 1),
                 "record_ineligible": ("record_relief", 0)}
        if group == "all":
            return np.ones(n, dtype=bool)
        crossed = {"white": 0, "black": 1, "hispanic": 2}
        race, _, sex = group.partition("_")
        if race in crossed and sex in ("men", "women"):
            if "race" not in c:
                return np.zeros(n, dtype=bool)
            return (c["race"] == crossed[race]) & (c["sex"] == (0 if sex == "men" else 1))
        if group in codes:
            col, code = codes[group]
            return c[col] == code if col in c else np.zeros(n, dtype=bool)
        age = c["age_at_release"].astype(np.float64)
        if group == "age_24_or_younger":
            return age < 25.0
        if group == "age_25_39":
            return (age >= 25.0) & (age < 40.0)
        return age >= 40.0


def _km(time: np.ndarray, event: np.ndarray, tmax: int) -> tuple[np.ndarray, np.ndarray,
                                                                np.ndarray]:
    """Kaplan-Meier on the monthly grid as analysis/survival.c fits it: survival,
    Greenwood variance and number at risk for t = 0..tmax."""
    keep = time >= 0
    time, event = time[keep], event[keep]
    t = np.minimum(time, tmax)
    ev = event & (time <= tmax)
    t = np.where(ev & (t == 0), 1 if tmax >= 1 else 0, t)
    is_event = ev & (t >= 1)
    d = np.bincount(t[is_event], minlength=tmax + 1).astype(np.int64)
    c = np.bincount(t[~is_event], minlength=tmax + 1).astype(np.int64)
    at_risk = len(t) - np.concatenate([[0], np.cumsum(d + c)[:-1]])
    s, g = 1.0, 0.0
    surv, var = np.empty(tmax + 1), np.empty(tmax + 1)
    for k in range(tmax + 1):
        dk, r = int(d[k]), int(at_risk[k])
        if dk > 0 and r > 0:
            s *= 1.0 - dk / r
            g += dk / (r * (r - dk)) if r > dk else 0.0
        surv[k], var[k] = s, s * s * g
    return surv, var, at_risk


def _ratio(y: np.ndarray, x: np.ndarray, mask: np.ndarray, scale: float) -> tuple[float, float]:
    """sum(y) / sum(x) over the group, with its linearised standard error."""
    ok = mask & ~np.isnan(y) & ~np.isnan(x)
    k = int(ok.sum())
    sy, sx = float(y[ok].sum()), float(x[ok].sum())
    if k == 0 or sx <= 0:
        return math.nan, math.nan
    r = sy / sx
    ss = float(np.sum((y[ok] - r * x[ok]) ** 2))
    se = scale * math.sqrt(ss / (k * (k - 1))) / (sx / k) if k > 1 else math.nan
    return scale * r, se


def _mean_se(y: np.ndarray, mask: np.ndarray) -> tuple[float, float]:
    ok = mask & ~np.isnan(y)
    k = int(ok.sum())
    if k == 0:
        return math.nan, math.nan
    m = float(y[ok].sum()) / k
    ss = float(np.sum((y[ok] - m) ** 2))
    return m, (math.sqrt(ss / (k - 1) / k) if k > 1 else math.nan)


def _person_columns(r: RunData) -> dict[str, np.ndarray]:
    """Per-person columns of the ratios and means (NaN: not defined)."""
    c, f = r.cols, r.follow().astype(float)
    nan = np.full(r.agents, math.nan)

    def col(name: str) -> np.ndarray:
        return c[name].astype(float) if name in c else nan

    fm = np.minimum(col("months_free_total"), f)  # NaN stays NaN
    out = {"followed": np.where(f > 0, f, math.nan), "free_months": np.where(f > 0, fm, math.nan)}
    for name, key in (("months_employed", "employed"), ("income_total", "income"),
                      ("months_stable_housing", "housed"), ("months_homeless", "homeless")):
        out[key] = np.where(f > 0, col(name), math.nan)
    known = all(k in c for k in ("eligible_month", "months_free_eligible",
                                 "months_employed_eligible", "income_eligible",
                                 "arrested_eligible"))
    elig = (c["eligible_month"] >= 0) if known else np.zeros(r.agents, dtype=bool)
    out["eligible"] = np.where(elig, 1.0, math.nan)
    for name, key in (("arrested_eligible", "arrested_e"), ("months_free_eligible", "free_e"),
                      ("months_employed_eligible", "employed_e"),
                      ("income_eligible", "income_e")):
        out[key] = np.where(elig, col(name), math.nan)
    out["qol"] = nan.copy()
    if "months_free_total" not in c:
        return out

    def frac(num: np.ndarray, den: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(den > 0, num / np.where(den > 0, den, 1.0), 0.0)

    total, k = frac(fm, f), 1
    # fmin and fmax, as in C: a NaN operand gives the other one.
    if "months_employed" in c:
        total, k = total + np.fmin(1.0, frac(col("months_employed"), fm)), k + 1
    if "months_stable_housing" in c:
        total, k = total + np.fmin(1.0, frac(col("months_stable_housing"), fm)), k + 1
    if "family_support" in c:
        total, k = total + np.fmin(1.0, np.fmax(0.0, col("family_support"))), k + 1
    if "stigma" in c:
        total, k = total + (1.0 - np.fmin(1.0, np.fmax(0.0, col("stigma")))), k + 1
    if "mental_illness" in c or "substance_use" in c:
        h = np.ones(r.agents)
        for name in ("mental_illness", "substance_use"):
            if name in c:
                h -= 0.5 * (c[name] == 1)
        total, k = total + h, k + 1
    out["qol"] = np.where(f > 0, 100.0 * total / k, math.nan)
    return out


def trial_outcome(r: RunData, outcome: str) -> np.ndarray:
    """Each person's outcome of the emulated trial (NaN: not defined for them)."""
    c, f = r.cols, r.follow()
    if outcome in ("rearrest_1y", "rearrest_3y", "reincarceration_1y"):
        months = 12 if outcome.endswith("1y") else 36
        first = c["first_arrest" if outcome.startswith("rearrest") else "first_return"]
        hit = (first >= 0) & (first < months)
        return np.where(f >= months, 100.0 * hit, math.nan)
    if "months_employed" not in c or "months_free_total" not in c:
        return np.full(r.agents, math.nan)
    free = c["months_free_total"].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.minimum(1.0, c["months_employed"] / np.where(free > 0, free, 1.0))
    return np.where(free > 0, 100.0 * share, math.nan)


@dataclass
class RunMetrics:
    """The metrics of one run: ``value[m, g]`` and the run's own standard error
    ``se[m, g]`` (indices in :data:`METRICS` and :data:`GROUPS`), and the trial's
    intention-to-treat estimates."""
    value: np.ndarray
    se: np.ndarray
    n_offered: int = 0
    n_control: int = 0
    itt: np.ndarray = field(default_factory=lambda: np.full(len(TRIAL_OUTCOMES), math.nan))
    itt_se: np.ndarray = field(default_factory=lambda: np.full(len(TRIAL_OUTCOMES), math.nan))

    @classmethod
    def compute(cls, r: RunData) -> "RunMetrics":
        m = cls(np.full((len(METRICS), len(GROUPS)), math.nan),
                np.full((len(METRICS), len(GROUPS)), math.nan))
        pc, follow = _person_columns(r), r.follow()
        rm = r.cols["release_month"].astype(np.int64)
        fol = r.months - rm
        times = []
        for col in _KM_COLUMNS:
            first = r.cols[col].astype(np.int64)
            event = (rm >= 0) & (fol > 0) & (first >= 0) & (first < fol)
            time = np.where((rm < 0) | (fol <= 0), -1, np.where(event, first + 1, fol))
            times.append((time, event))
        for g, group in enumerate(GROUPS[:_FIRST_GAP]):
            mask = r.group_mask(group)
            if mask.any():
                m._group(g, mask, times, pc, follow, r)
        if "employed" in r.summary and r.months > 0:
            e, f = r.summary["employed"][-1], r.summary["free"][-1]
            p = e / f if f > 0 else 0.0
            m.value[_M["people_employed"], 0] = e
            m.se[_M["people_employed"], 0] = math.sqrt(f * p * (1 - p))
        m._seekers(r)
        for k, (key, _) in enumerate(METRICS):
            if key in ("people_rearrested", "people_employed"):
                continue
            for j, (a, b) in enumerate(_GAPS):
                m.value[k, _FIRST_GAP + j] = m.value[k, _G[a]] - m.value[k, _G[b]]
                m.se[k, _FIRST_GAP + j] = math.hypot(m.se[k, _G[a]], m.se[k, _G[b]])
        m._programmes(r)
        m._trial(r)
        return m

    def _group(self, g: int, mask: np.ndarray, times: list, pc: dict, follow: np.ndarray,
               r: RunData) -> None:
        for k, (time, event) in enumerate(times):
            surv, var, at_risk = _km(time[mask], event[mask], r.months)
            for y, t in enumerate((12, 36, 60)):
                if t > r.months or at_risk[t] == 0:
                    continue
                self.value[3 * k + y, g] = 100.0 * (1.0 - surv[t])
                self.se[3 * k + y, g] = 100.0 * math.sqrt(var[t])
        for key, y, x, scale in (("time_free", "free_months", "followed", 100.0),
                                 ("employment_rate", "employed", "free_months", 100.0),
                                 ("income_monthly", "income", "free_months", 1.0),
                                 ("housing_stable", "housed", "free_months", 100.0),
                                 ("homeless", "homeless", "free_months", 100.0)):
            self.value[_M[key], g], self.se[_M[key], g] = _ratio(pc[y], pc[x], mask, scale)
        self.value[_M["qol_index"], g], self.se[_M["qol_index"], g] = _mean_se(pc["qol"], mask)
        for key, y, x, scale in (("rearrest_after_eligibility", "arrested_e", "eligible", 100.0),
                                 ("employment_after_eligibility", "employed_e", "free_e", 100.0),
                                 ("income_after_eligibility", "income_e", "free_e", 1.0),
                                 ("wage_after_eligibility", "income_e", "employed_e", 1.0)):
            self.value[_M[key], g], self.se[_M[key], g] = _ratio(pc[y], pc[x], mask, scale)
        released = mask & (follow > 0)
        n = int(released.sum())
        if n:
            arrested = int((released & (r.cols["first_arrest"] >= 0)).sum())
            p = arrested / n
            self.value[_M["people_rearrested"], g] = arrested
            self.se[_M["people_rearrested"], g] = math.sqrt(n * p * (1 - p))
            self._careers(g, released, r)

    def _careers(self, g: int, released: np.ndarray, r: RunData) -> None:
        """Arrests per person, the share of arrests by the group's most arrested tenth
        (ties by id), months to the first arrest among those arrested (as in C)."""
        if "arrests" not in r.cols:
            return
        a = r.cols["arrests"].astype(float)
        first = r.cols["first_arrest"].astype(float)
        t = np.where(first >= 0, first, math.nan)
        v, s = _mean_se(a, released)
        self.value[_M["arrests_per_person"], g], self.se[_M["arrests_per_person"], g] = v, s
        v, s = _mean_se(t, released)
        self.value[_M["months_to_first_arrest"], g] = v
        self.se[_M["months_to_first_arrest"], g] = s
        ids = np.flatnonzero(released)
        order = ids[np.lexsort((ids, -a[ids]))]  # arrests descending, then id
        y = np.zeros_like(a)
        top = order[:(len(ids) + 9) // 10]
        y[top] = a[top]
        v, s = _ratio(y, a, released, 100.0)
        self.value[_M["arrests_top_decile"], g], self.se[_M["arrests_top_decile"], g] = v, s

    def _seekers(self, r: RunData) -> None:
        """Job seekers without a record: employment, callbacks and earnings over the
        horizon, as the C analysis computes them (analysis/metrics.c)."""
        for key, group in SEEKER_GROUPS:
            cols = [f"seekers_{key}", f"seekers_employed_{key}", f"seeker_applications_{key}",
                    f"seeker_callbacks_{key}", f"seeker_earnings_{key}"]
            if any(c not in r.summary for c in cols) or r.months <= 0:
                continue
            n, e, a, k, y = (float(np.sum(r.summary[c][:r.months])) for c in cols)
            people = float(np.max(r.summary[cols[0]][:r.months]))
            if n <= 0:
                continue
            g, p = _G[group], e / n
            self.value[_M["seeker_employment"], g] = 100.0 * p
            self.se[_M["seeker_employment"], g] = 100.0 * math.sqrt(p * (1 - p) / people)
            self.value[_M["seeker_earnings"], g] = y / n
            self.se[_M["seeker_earnings"], g] = (y / n * math.sqrt((1 - p) / (p * people))
                                                 if p > 0 else math.nan)
            if a > 0:
                q = k / a
                self.value[_M["seeker_callbacks"], g] = 100.0 * q
                self.se[_M["seeker_callbacks"], g] = 100.0 * math.sqrt(q * (1 - q) / a)

    def _programmes(self, r: RunData) -> None:
        p = r.programmes
        if "completed" not in p:
            return
        done, ended = float(p["completed"].sum()), float((p["completed"] + p["dropped"]).sum())
        q = done / ended if ended > 0 else math.nan
        self.value[_M["programme_completion"], 0] = 100.0 * q
        self.se[_M["programme_completion"], 0] = (100.0 * math.sqrt(q * (1 - q) / ended)
                                                   if ended > 0 else math.nan)
        if "participant_months" in p and "cost_per_month" in p:
            self.value[_M["programme_cost"], 0] = float(
                np.sum(p["participant_months"] * p["cost_per_month"]))
            self.se[_M["programme_cost"], 0] = 0.0

    def _trial(self, r: RunData) -> None:
        arm = r.cols.get("trial_arm")
        if arm is None:
            return
        self.n_offered, self.n_control = int((arm == 1).sum()), int((arm == 0).sum())
        if not self.n_offered or not self.n_control:
            return
        for t, outcome in enumerate(TRIAL_OUTCOMES):
            y = trial_outcome(r, outcome)
            mean, var, k = [0.0, 0.0], [0.0, 0.0], [0, 0]
            for a in (0, 1):
                v = y[(arm == a) & ~np.isnan(y)]
                k[a] = len(v)
                if k[a] >= 2:
                    mean[a] = float(v.sum()) / k[a]
                    var[a] = max(0.0, (float((v * v).sum()) - k[a] * mean[a] ** 2) / (k[a] - 1))
            if k[0] < 2 or k[1] < 2:
                continue
            self.itt[t] = mean[1] - mean[0]
            self.itt_se[t] = math.sqrt(var[1] / k[1] + var[0] / k[0])


@dataclass
class Scenario:
    """The replicates of one configuration, sorted by seed."""
    label: str
    runs: list[RunData]
    metrics: list[RunMetrics]

    @property
    def n(self) -> int:
        return len(self.runs)

    def _combine(self, values: list[float], se1: float) -> est.Estimate:
        if self.n == 1:
            return est.normal(values[0], se1)
        return est.replicates(values)

    def metric(self, metric: str, group: str = "all") -> est.Estimate:
        """The scenario's estimate of a metric: mean across replicates with a t
        interval, or one run's value with its own normal interval."""
        k, g = _M[metric], _G[group]
        return self._combine([m.value[k, g] for m in self.metrics], self.metrics[0].se[k, g])

    def itt(self, outcome: str) -> est.Estimate:
        t = TRIAL_OUTCOMES.index(outcome)
        return self._combine([m.itt[t] for m in self.metrics], self.metrics[0].itt_se[t])

    def has_trial(self) -> bool:
        return self.metrics[0].n_offered > 0 and self.metrics[0].n_control > 0


def _paths(runs: Union[PathLike, Run, Iterable[Union[PathLike, Run]]]) -> list[str]:
    if isinstance(runs, (str, os.PathLike, Run)):
        runs = [runs]
    return [r.path if isinstance(r, Run) else os.fspath(r) for r in runs]


def study(runs: Union[PathLike, Run, Iterable[Union[PathLike, Run]]]) -> list[Scenario]:
    """Read run files, compute their metrics and group them into scenarios in the
    order they first appear (as ``reintegra metrics`` and ``compare`` do)."""
    paths = _paths(runs)
    if not paths:
        raise ValueError("expected at least one run file")
    data = [RunData.read(p) for p in paths]
    for r in data[1:]:
        if r.months != data[0].months:
            raise ValueError(f"cannot analyse runs with different horizons together: "
                             f"{data[0].path} has {data[0].months} months, {r.path} has "
                             f"{r.months}")
    groups: list[list[RunData]] = []
    for r in data:
        for g in groups:
            q = g[0]
            if (q.scenario, q.config_key) == (r.scenario, r.config_key) and \
                    all(x.seed != r.seed for x in g):
                g.append(r)
                break
        else:
            groups.append([r])
    out: list[Scenario] = []
    for g in groups:
        g.sort(key=lambda r: r.seed)
        name = g[0].scenario or "unnamed"
        copy = 1 + sum(1 for s in out if s.runs[0].scenario == g[0].scenario)
        label = f"{name} ({copy})" if copy > 1 else name
        out.append(Scenario(label, g, [RunMetrics.compute(r) for r in g]))
    return out


def metrics(runs: Union[PathLike, Run, Iterable[Union[PathLike, Run]]]) -> pd.DataFrame:
    """Every metric of every group of every scenario, with 95% intervals: the table
    of ``reintegra metrics --csv`` (columns scenario, replicates, group, metric,
    unit, estimate, lower, upper, method)."""
    rows = []
    for sc in study(runs):
        for group in GROUPS:
            for key, unit in METRICS:
                e = sc.metric(key, group)
                if math.isnan(e.est):
                    continue
                rows.append((sc.label, sc.n, group, key, unit, e.est, e.lo, e.hi,
                             e.method_name))
    return pd.DataFrame(rows, columns=["scenario", "replicates", "group", "metric", "unit",
                                       "estimate", "lower", "upper", "method"])
