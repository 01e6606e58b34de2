"""Kaplan-Meier curves as the C analysis computes them (analysis/survival.c)."""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from .io import Run


def kaplan_meier(time: Iterable[int], event: Iterable[bool], tmax: int) -> pd.DataFrame:
    """Survival S(t) for t = 0..tmax months from event/censoring times; events at a
    time come before censorings at the same time. Returns a DataFrame indexed by t
    with columns at_risk, events, censored, survival, se (Greenwood)."""
    time = np.asarray(time)
    event = np.asarray(event).astype(bool)
    keep = time >= 0
    time, event = np.minimum(time[keep], tmax), event[keep] & (time[keep] <= tmax)
    d = np.bincount(time[event], minlength=tmax + 1)[: tmax + 1]
    c = np.bincount(time[~event], minlength=tmax + 1)[: tmax + 1]
    at_risk = len(time) - np.concatenate([[0], np.cumsum(d + c)[:-1]])
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = np.where(at_risk > 0, 1.0 - d / np.maximum(at_risk, 1), 1.0)
        s = np.cumprod(factor)
        g = np.cumsum(np.where((at_risk > d) & (d > 0), d / (at_risk * (at_risk - d)), 0.0))
    return pd.DataFrame({"at_risk": at_risk, "events": d, "censored": c, "survival": s,
                         "se": s * np.sqrt(g)}, index=pd.RangeIndex(tmax + 1, name="month"))


def survival(agents: pd.DataFrame, column: str, months: int) -> pd.DataFrame:
    """Kaplan-Meier curve of a first-event column (first_arrest, first_conviction,
    first_return) of an agents DataFrame; people are censored at the horizon."""
    follow = months - agents["release_month"].to_numpy().astype(int)
    first = agents[column].to_numpy().astype(int)
    event = (first >= 0) & (first < follow)
    time = np.where(event, first + 1, follow)
    time = np.where(follow > 0, time, -1)
    return kaplan_meier(time, event, months)


def recidivism(run: "Run", years: Iterable[int] = (1, 3, 5)) -> dict[str, float]:
    """Percent rearrested, reconvicted and back in prison within each year (as
    `reintegra metrics` reports them)."""
    out = {}
    names = {"rearrest": "first_arrest", "reconviction": "first_conviction",
             "reincarceration": "first_return"}
    for name, column in names.items():
        km = survival(run.agents, column, run.months)
        for y in years:
            if 12 * y <= run.months:
                out[f"{name}_{y}y"] = 100.0 * (1.0 - km["survival"].iloc[12 * y])
    return out
