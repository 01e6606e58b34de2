"""Labels of the coded columns of a run file (sex, race, offence, status, housing, ...).

``labels.csv`` in this package is the one place where codes are named (the R
library in analysis/R reads it too). A dataset that carries a ``labels`` attribute
is read with that attribute instead (format in the package docstring and
:func:`parse_labels`), so files that name their own codes need no change here.
"""
from __future__ import annotations

import csv
from importlib import resources
from typing import Mapping, Optional

import numpy as np
import pandas as pd

def _read_table() -> dict[str, dict[int, str]]:
    text = resources.files(__package__).joinpath("labels.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    table: dict[str, dict[int, str]] = {}
    for row in rows:
        table.setdefault(row["dataset"], {})[int(row["code"])] = row["label"]
    return table


_TABLE = _read_table()

#: Codes of the coded datasets of /agents and /trajectories, by dataset name, as the
#: writer describes them (docs/output-format.md), from ``labels.csv`` in this
#: package. Programme states (``<programme>_state``) share one table,
#: :data:`PROGRAMME_STATE`.
LABELS: dict[str, dict[int, str]] = {k: v for k, v in _TABLE.items() if k != "*_state"}

#: States of a programme (datasets named ``<programme>_state``).
PROGRAMME_STATE: dict[int, str] = _TABLE["*_state"]


def parse_labels(text: str) -> dict[int, str]:
    """Parse a ``labels`` attribute: ``"0=male;1=female"``.

    Entries are separated by ``;``; each is an integer code, ``=``, and the label
    (which may contain spaces and commas but not ``;`` or ``=``). Spaces around
    codes and labels are ignored. A malformed entry, or one label for two codes,
    raises ``ValueError``.
    """
    out: dict[int, str] = {}
    for entry in text.split(";"):
        if not entry.strip():
            continue
        code, sep, label = entry.partition("=")
        if not sep or not label.strip() or "=" in label:
            raise ValueError(f"labels attribute {text!r}: expected CODE=LABEL, got {entry!r}")
        out[int(code.strip())] = label.strip()
    if len(set(out.values())) != len(out):
        raise ValueError(f"labels attribute {text!r}: a label is given to two codes")
    return out


def labels_for(name: str, attribute: Optional[str] = None) -> Optional[dict[int, str]]:
    """The labels of the dataset ``name``: its ``labels`` attribute when it has one,
    else this package's table, else None (not a coded column)."""
    if attribute:
        return parse_labels(attribute)
    if name in LABELS:
        return LABELS[name]
    if name.endswith("_state"):
        return PROGRAMME_STATE
    return None


def categorical(values: np.ndarray, labels: Mapping[int, str]) -> pd.Categorical:
    """Codes as a pandas Categorical whose categories are the labels in code order;
    a code without a label becomes NaN."""
    codes = sorted(labels)
    lookup = np.full(len(values), -1, dtype=np.int64)
    values = np.asarray(values).astype(np.int64)
    for k, code in enumerate(codes):
        lookup[values == code] = k
    return pd.Categorical.from_codes(lookup, categories=[labels[c] for c in codes])
