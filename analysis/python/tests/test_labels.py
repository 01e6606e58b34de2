"""Coded columns arrive as labelled categoricals: the package's table agrees with
what the writer says of each coded dataset, a `labels` attribute wins over the
table, and labelled=False keeps the codes."""
import os
import re
import shutil
import subprocess
import sys

import h5py
import numpy as np
import pandas as pd
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import reintegra  # noqa: E402
from reintegra.labels import labels_for  # noqa: E402

RG = os.environ.get("RG_CLI", "reintegra")
SRC = os.environ.get("RG_SOURCE_DIR", os.path.join(HERE, "..", "..", ".."))


@pytest.fixture(scope="module")
def run_file(tmp_path_factory):
    """A run with every programme (so every coded dataset) and a trial."""
    path = tmp_path_factory.mktemp("labels") / "pkg.h5"
    subprocess.run([RG, "run", os.path.join(SRC, "scenarios", "package.cfg"), "-q", "-o",
                    str(path), "--set", "run.agents=3000", "--set", "run.months=24",
                    "--set", "output.trajectory_fraction=0.1"], check=True)
    return path


def coded_datasets(path):
    out = {}
    with h5py.File(path, "r") as f:
        for group in ("agents", "trajectories"):
            for name, ds in f[group].items():
                if ds.attrs.get("units") == "code":
                    out[(group, name)] = ds.attrs["description"]
    return out


def test_the_table_agrees_with_the_writers_descriptions(run_file):
    coded = coded_datasets(run_file)
    assert {("agents", "sex"), ("agents", "race"), ("agents", "housing"),
            ("trajectories", "status"), ("agents", "cbt_state")} <= set(coded)
    for (group, name), description in coded.items():
        table = labels_for(name)
        assert table is not None, f"/{group}/{name} is coded but has no labels"
        said = {int(c): text.strip() for c, text in
                re.findall(r"(-?\d+) ([^,]+)", description.split(":", 1)[-1])}
        assert set(said) == set(table), (name, description)
        for code, text in said.items():
            assert text.startswith(table[code]), (name, code, text, table[code])


def test_coded_columns_are_labelled_categoricals(run_file):
    run = reintegra.load(run_file)
    a, codes = run.agents, reintegra.load(run_file, labelled=False).agents
    assert isinstance(a["sex"].dtype, pd.CategoricalDtype)
    assert list(a["sex"].cat.categories) == ["male", "female"]
    assert list(a["trial_arm"].cat.categories) == ["not in the trial", "control", "offered"]
    for name in ("sex", "race", "offense", "housing", "status", "cbt_state", "trial_arm"):
        assert a[name].notna().all(), name  # every code in the data has a label
        table = labels_for(name)
        np.testing.assert_array_equal(a[name].astype(str), codes[name].map(table).astype(str))
    assert (a["sex"] == "female").sum() == (codes["sex"] == 1).sum()
    assert codes["sex"].dtype == np.uint8
    # Numbers stay numbers.
    assert a["first_arrest"].dtype == np.int16
    tr = run.trajectories
    assert list(tr["status"].cat.categories) == ["not yet released", "free", "in prison"]
    assert list(tr["housing"].cat.categories) == ["stable", "unstable", "homeless"]
    many = reintegra.load_many([run_file, run_file]).agents
    assert isinstance(many["race"].dtype, pd.CategoricalDtype) and len(many) == 2 * len(a)


def test_a_labels_attribute_wins(run_file, tmp_path):
    copy = tmp_path / "labelled.h5"
    shutil.copy(run_file, copy)
    with h5py.File(copy, "a") as f:
        f["agents/sex"].attrs["labels"] = "0 = man; 1 = woman"
        f["agents/offense"].attrs["labels"] = "0=violent;1=property"  # 2 and 3 unlabelled
    a = reintegra.load(copy).agents
    assert list(a["sex"].cat.categories) == ["man", "woman"]
    raw = reintegra.load(copy, labelled=False).agents["offense"]
    assert a["offense"].isna().sum() == (raw >= 2).sum() > 0


def test_parse_labels():
    assert reintegra.parse_labels("0=male;1=female") == {0: "male", 1: "female"}
    assert reintegra.parse_labels(" -1 = not in the trial ; 0=control;1=offered;") == {
        -1: "not in the trial", 0: "control", 1: "offered"}
    for bad in ("0 male;1 female", "x=male", "0=a=b", "0="):
        with pytest.raises(ValueError):
            reintegra.parse_labels(bad)
