"""Estimates with 95% confidence intervals, as the C analysis makes them
(analysis/stats.c): across replicates (Student's t), within one run (normal), and
contrasts between scenarios (paired by seed, Welch, or normal for one replicate)."""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

import numpy as np
from scipy import stats

LEVEL = 0.95

#: The names of the interval methods, as tables and CSV files print them.
METHOD_NAMES = {
    "none": "unavailable",
    "replicates": "t across replicates",
    "within_run": "normal within one run",
    "paired": "paired by seed (common random numbers)",
    "welch": "unpaired (Welch)",
    "within_contrast": "unpaired, one replicate (normal)",
}


@dataclass(frozen=True)
class Estimate:
    """An estimate ``est`` in [``lo``, ``hi``] with standard error ``se``, from ``n``
    replicates (or pairs) by ``method`` (a key of :data:`METHOD_NAMES`). NaN when
    unavailable."""
    est: float = math.nan
    lo: float = math.nan
    hi: float = math.nan
    se: float = math.nan
    n: int = 0
    method: str = "none"

    @property
    def method_name(self) -> str:
        return METHOD_NAMES[self.method]

    def with_method(self, method: str) -> "Estimate":
        return Estimate(self.est, self.lo, self.hi, self.se, self.n, method)


NONE = Estimate()


def t_quantile(level: float, df: float) -> float:
    """The two-sided quantile of Student's t: the 0.975 quantile for level 0.95.

    SciPy's quantile is refined by Newton steps on the upper tail, which brings it
    to within a few units in the last place of the exact value (SciPy's own is off
    by up to 1e-10 relative for one degree of freedom), as GSL's is in the C
    analysis."""
    q = 0.5 - level / 2.0
    x = float(stats.t.isf(q, df))
    for _ in range(3):
        x += (float(stats.t.sf(x, df)) - q) / float(stats.t.pdf(x, df))
    return x


def _has_nan(x: Sequence[float]) -> bool:
    return bool(np.isnan(np.asarray(x, dtype=float)).any())


def replicates(x: Sequence[float], level: float = LEVEL) -> Estimate:
    """Mean with a t interval; bounds NaN for one value; NaN in x: unavailable."""
    x = np.asarray(x, dtype=float)
    n = len(x)
    if n == 0 or _has_nan(x):
        return NONE
    mean = float(np.mean(x))
    if n < 2:
        return Estimate(mean, n=n, method="replicates")
    se = float(np.std(x, ddof=1)) / math.sqrt(n)
    h = t_quantile(level, n - 1) * se
    return Estimate(mean, mean - h, mean + h, se, n, "replicates")


def normal(est: float, se: float, level: float = LEVEL) -> Estimate:
    """est +- z se (a single run's own sampling error)."""
    if math.isnan(est):
        return NONE
    if math.isnan(se):
        return Estimate(est, se=se, n=1, method="within_run")
    h = float(stats.norm.ppf(0.5 + level / 2.0)) * se
    return Estimate(est, est - h, est + h, se, 1, "within_run")


def contrast_paired(a: Sequence[float], b: Sequence[float], level: float = LEVEL) -> Estimate:
    """Mean of b[i] - a[i] with a t interval over the pairs."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if len(a) == 0 or _has_nan(a) or _has_nan(b):
        return NONE
    return replicates(b - a, level).with_method("paired")


def contrast_welch(a: Sequence[float], b: Sequence[float], level: float = LEVEL) -> Estimate:
    """mean(b) - mean(a) with Welch's interval (two or more values on each side)."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    na, nb = len(a), len(b)
    if na < 2 or nb < 2 or _has_nan(a) or _has_nan(b):
        return NONE
    ma, mb = float(np.mean(a)), float(np.mean(b))
    va, vb = float(np.var(a, ddof=1)) / na, float(np.var(b, ddof=1)) / nb
    d, se = mb - ma, math.sqrt(va + vb)
    if va + vb <= 0:
        return Estimate(d, d, d, se, min(na, nb), "welch")
    df = (va + vb) ** 2 / (va * va / (na - 1) + vb * vb / (nb - 1))
    h = t_quantile(level, df) * se
    return Estimate(d, d - h, d + h, se, min(na, nb), "welch")


def contrast_normal(a: float, se_a: float, b: float, se_b: float,
                    level: float = LEVEL) -> Estimate:
    """b - a for two single estimates with standard errors: normal interval."""
    if math.isnan(a) or math.isnan(b):
        return NONE
    se = math.nan if math.isnan(se_a) or math.isnan(se_b) else math.sqrt(se_a ** 2 + se_b ** 2)
    return normal(b - a, se, level).with_method("within_contrast")


def ratio_paired(c: Sequence[float], e: Sequence[float], level: float = LEVEL) -> Estimate:
    """sum(c) / sum(e) over pairs (a cost per outcome) with a t interval from the
    linearised ratio estimator."""
    c, e = np.asarray(c, dtype=float), np.asarray(e, dtype=float)
    n = len(c)
    if n == 0 or _has_nan(c) or _has_nan(e) or float(e.sum()) == 0:
        return NONE
    ratio, mean_e = float(c.sum()) / float(e.sum()), float(e.sum()) / n
    if n < 2:
        return Estimate(ratio, n=n, method="paired")
    ss = float(np.sum((c - ratio * e) ** 2))
    se = math.sqrt(ss / (n - 1)) / (math.sqrt(n) * abs(mean_e))
    h = t_quantile(level, n - 1) * se
    return Estimate(ratio, ratio - h, ratio + h, se, n, "paired")
