"""Reading a sweep's index (``DIR/index.h5``, docs/guides/sweeps.md)."""
from __future__ import annotations

import os
from typing import Union

import h5py
import pandas as pd

from .io import RunFileError, _text
from .labels import categorical

INDEX_VERSION = 1
#: Task states of ``/tasks/state``.
TASK_STATES = {0: "missing", 1: "done", 2: "failed"}


def load_sweep(directory: Union[str, "os.PathLike[str]"]) -> pd.DataFrame:
    """The index of a sweep as a DataFrame, one row per task, indexed by task.

    Columns: ``point``, ``replicate``, ``seed``, ``state`` (categorical: missing,
    done, failed), ``seconds``, ``message``, ``file`` (the task's run file, a full
    path; empty when it has none), then one column per varied parameter (its
    registry name, e.g. ``offending.base_rate``) and one per headline metric
    (``arrest_y1``, ``return_to_prison_y3``, ``free_end``, ...; NaN when the task is
    not done). The root attributes (design, points, replicates, seed, tasks_done,
    ...) and ``sweep_config`` are in ``df.attrs``; ``df.attrs["parameters"]`` and
    ``df.attrs["metrics"]`` list the column names of each kind.

    ``directory`` is the sweep's output folder or its ``index.h5``.
    """
    path = os.fspath(directory)
    if os.path.isdir(path):
        path = os.path.join(path, "index.h5")
    try:
        f = h5py.File(path, "r")
    except OSError as e:
        raise RunFileError(f"{path}: not a readable HDF5 file ({e})") from None
    with f:
        if _text(f.attrs.get("format")) != "reintegra-sweep":
            raise RunFileError(f"{path}: not a reintegra sweep index")
        version = int(f.attrs.get("index_version", -1))
        if version != INDEX_VERSION:
            raise RunFileError(f"{path}: index version {version}; this package reads "
                               f"version {INDEX_VERSION}")
        t = f["tasks"]
        df = pd.DataFrame({k: t[k][()] for k in ("task", "point", "replicate", "seed")})
        df["state"] = categorical(t["state"][()], TASK_STATES)
        df["seconds"] = t["seconds"][()]
        df["message"] = [_text(m) for m in t["message"][()]]
        here = os.path.dirname(os.path.abspath(path))
        df["file"] = [os.path.join(here, _text(p)) if _text(p) else "" for p in t["file"][()]]
        params = sorted(f["parameters"]) if "parameters" in f else []
        if "design/parameters" in f:  # the sweep file's order
            params = [_text(p) for p in f["design/parameters"][()]]
        metrics = sorted(f["metrics"]) if "metrics" in f else []
        for name in params:
            df[name] = f["parameters"][name][()]
        for name in metrics:
            df[name] = f["metrics"][name][()]
        df = df.set_index("task")
        df.attrs = {k: _text(v) for k, v in f.attrs.items()}
        if "sweep_config" in f:
            df.attrs["sweep_config"] = _text(f["sweep_config"][()])
        df.attrs["parameters"] = params
        df.attrs["metrics"] = metrics
    return df
