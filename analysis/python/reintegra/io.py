"""Loading run files with h5py."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterable, Union

try:
    import h5py
except ImportError:  # not a pip dependency (see pyproject.toml)
    raise ImportError("reintegra needs h5py (Debian: apt-get install python3-h5py; in a venv, "
                      "create it with --system-site-packages)") from None
import numpy as np
import pandas as pd

from .labels import categorical, labels_for

SCHEMA_VERSION = 2

# The root attributes the recorded checksum covers, in order (schema.h), and their
# kind: text, integer or real. Not covered: host, created_utc, threads and
# wall_seconds, which differ between reruns of the same configuration.
CHECKSUM_ATTRIBUTES = [
    ("format", "t"), ("schema_version", "i"), ("reintegra_version", "t"),
    ("git_revision", "t"), ("build_type", "t"), ("compiler", "t"), ("libraries", "t"),
    ("scenario", "t"), ("description", "t"), ("trial_programme", "t"), ("seed", "i"),
    ("agents", "i"), ("months", "i"), ("months_completed", "i"),
]

PathLike = Union[str, "os.PathLike[str]"]


class RunFileError(ValueError):
    """A file that is not a complete reintegra run of a schema this package reads."""


def _text(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, np.generic):
        return value.item()
    return value


def _fnv1a64(h: int, data: bytes) -> int:
    for b in data:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return h


def checksum(f: h5py.File) -> str:
    """The checksum of a run file's root attributes and /config, as the writer
    records it in the attribute `checksum` (docs/output-format.md)."""
    h = 0xCBF29CE484222325
    for name, kind in CHECKSUM_ATTRIBUTES:
        v = f.attrs[name]
        if kind == "t":
            raw = bytes(v) if isinstance(v, bytes) else str(v).encode()
        elif kind == "i":
            raw = str(int(v)).encode()
        else:
            raw = _c_g17(float(v)).encode()
        h = _fnv1a64(h, name.encode() + b"\0" + raw.split(b"\0")[0] + b"\0")
    config = f["config"][()]
    config = config if isinstance(config, bytes) else str(config).encode()
    h = _fnv1a64(h, b"config\0" + config.split(b"\0")[0] + b"\0")
    return f"fnv1a64:{h:016x}"


def _c_g17(x: float) -> str:
    """A double as C's printf("%.17g") writes it."""
    if np.isnan(x):
        return "-nan" if np.signbit(x) else "nan"
    if np.isinf(x):
        return "-inf" if x < 0 else "inf"
    return "%.17g" % x


def _check(path: str, f: h5py.File) -> None:
    if str(path).endswith(".partial"):
        raise RunFileError(f"{path}: an unfinished run (.partial)")
    if _text(f.attrs.get("format")) != "reintegra":
        raise RunFileError(f"{path}: not a reintegra output file")
    version = int(f.attrs.get("schema_version", -1))
    if version != SCHEMA_VERSION:
        raise RunFileError(f"{path}: schema version {version}; this package reads "
                           f"version {SCHEMA_VERSION}")
    if int(f.attrs.get("months_completed", -1)) != int(f.attrs.get("months", -2)):
        raise RunFileError(f"{path}: incomplete run file")
    try:
        same = checksum(f) == _text(f.attrs.get("checksum"))
    except (KeyError, OSError, ValueError):
        same = False
    if not same:
        raise RunFileError(f"{path}: damaged: the root attributes or /config do not match "
                           f"their checksum")


def _column(ds: h5py.Dataset, name: str, labelled: bool, values: np.ndarray) -> Any:
    """A dataset's values, as a Categorical when it is coded and labels are wanted."""
    if not labelled or _text(ds.attrs.get("units")) != "code":
        return values
    labels = labels_for(name, _text(ds.attrs.get("labels")))
    return categorical(values, labels) if labels else values


@dataclass
class Run:
    """One run file. Its tables are read when first used.

    Coded columns of ``agents`` and ``trajectories`` (sex, race, offense, status,
    housing, programme states, ...) are pandas Categoricals with their labels
    unless the run was loaded with ``labelled=False``.
    """
    path: str
    metadata: dict = field(default_factory=dict)
    labelled: bool = True

    @property
    def scenario(self) -> str:
        return self.metadata.get("scenario", "")

    @property
    def seed(self) -> int:
        return int(self.metadata["seed"])

    @property
    def months(self) -> int:
        return int(self.metadata["months"])

    @property
    def agents_count(self) -> int:
        return int(self.metadata["agents"])

    @property
    def streams_version(self) -> int:
        """Which random numbers each decision takes; 1 for files that do not say."""
        return int(self.metadata.get("streams_version", 1))

    def _group(self, name: str, labelled: bool = False) -> dict[str, Any]:
        with h5py.File(self.path, "r") as f:
            if name not in f:
                return {}
            g = f[name]
            return {k: _column(g[k], k, labelled, g[k][()]) for k in g
                    if isinstance(g[k], h5py.Dataset)}

    @cached_property
    def summary(self) -> pd.DataFrame:
        """Monthly summary, indexed by month."""
        df = pd.DataFrame(self._group("summary"))
        return df.set_index("month") if "month" in df else df

    @cached_property
    def agents(self) -> pd.DataFrame:
        """Per-person attributes and outcomes, indexed by agent id."""
        df = pd.DataFrame(self._group("agents", self.labelled))
        df.index.name = "agent"
        return df

    @cached_property
    def events(self) -> pd.DataFrame:
        """The event log, with the type's name in `type_name`."""
        df = pd.DataFrame(self._group("events"))
        if len(df):
            with h5py.File(self.path, "r") as f:
                codes = _text(f["events"].attrs.get("codes", ""))
            names = dict((int(c), n) for c, n in re.findall(r"(\d+)\s+([A-Z_]+):", codes))
            df["type_name"] = df["type"].map(names)
        return df

    @cached_property
    def trajectories(self) -> pd.DataFrame:
        """Sampled monthly states in long form: one row per (month, agent)."""
        with h5py.File(self.path, "r") as f:
            if "trajectories" not in f or "agent" not in f["trajectories"]:
                return pd.DataFrame()
            g = f["trajectories"]
            ids = g["agent"][()]
            cols = {k: g[k][()] for k in g if k != "agent" and g[k].ndim == 2}
            months = next(iter(cols.values())).shape[0] if cols else 0
            out: dict[str, Any] = {"month": np.repeat(np.arange(months), len(ids)),
                                   "agent": np.tile(ids, months)}
            out.update({k: _column(g[k], k, self.labelled, v.reshape(-1))
                        for k, v in cols.items()})
        return pd.DataFrame(out)

    @cached_property
    def programmes(self) -> pd.DataFrame:
        """Programmes (when the run has any): enrolment, completion, cost."""
        df = pd.DataFrame({k: (v.astype(str) if v.dtype.kind in "OS" else v)
                           for k, v in self._group("programmes").items()})
        if len(df) and {"completed", "dropped"} <= set(df):
            ended = df["completed"] + df["dropped"]
            df["completion_rate"] = np.where(ended > 0, 100.0 * df["completed"] / ended.clip(1),
                                             np.nan)
        if len(df) and {"participant_months", "cost_per_month"} <= set(df):
            df["cost"] = df["participant_months"] * df["cost_per_month"]
        return df


def load(path: PathLike, labelled: bool = True) -> Run:
    """Open a run file and read its metadata; the tables load when used.

    ``labelled=False`` keeps coded columns as their integer codes.
    """
    path = os.fspath(path)
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise RunFileError(f"{path}: not a readable HDF5 file ({e})") from None
    with f:
        _check(path, f)
        meta = {k: _text(v) for k, v in f.attrs.items()}
        meta["config"] = _text(f["config"][()]) if "config" in f else ""
    return Run(path, meta, labelled)


class Runs(list):
    """Several runs; tables are concatenated with `scenario`, `seed` and `file` columns."""

    def _concat(self, attr: str) -> pd.DataFrame:
        frames = []
        for r in self:
            df = getattr(r, attr).reset_index()
            df.insert(0, "seed", r.seed)
            df.insert(0, "scenario", r.scenario)
            df.insert(0, "file", os.path.basename(r.path))
            frames.append(df)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    @property
    def summary(self) -> pd.DataFrame:
        return self._concat("summary")

    @property
    def agents(self) -> pd.DataFrame:
        return self._concat("agents")

    @property
    def events(self) -> pd.DataFrame:
        return self._concat("events")

    @property
    def trajectories(self) -> pd.DataFrame:
        return self._concat("trajectories")

    @property
    def metadata(self) -> pd.DataFrame:
        rows = [{k: v for k, v in r.metadata.items() if k != "config"} | {"file": r.path}
                for r in self]
        return pd.DataFrame(rows)

    def scenarios(self) -> dict[str, "Runs"]:
        """Runs grouped by scenario name: {scenario: Runs}."""
        out: dict[str, Runs] = {}
        for r in self:
            out.setdefault(r.scenario, Runs()).append(r)
        return out


def load_many(paths: Iterable[PathLike], labelled: bool = True) -> Runs:
    """Load several run files (see :func:`load`)."""
    return Runs(load(p, labelled) for p in paths)
