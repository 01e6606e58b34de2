"""reintegra.metrics and reintegra.compare give the numbers of `reintegra metrics
--csv` and `reintegra compare --csv` (paired, Welch and one-replicate contrasts,
cost per outcome, the emulated trial), and reintegra.load_sweep reads a sweep's
index with the numbers of the task files."""
import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import reintegra  # noqa: E402

RG = os.environ.get("RG_CLI", "reintegra")
SRC = os.environ.get("RG_SOURCE_DIR", os.path.join(HERE, "..", "..", ".."))
# The CLI's CSV prints 10 significant digits (%.10g): a relative rounding of at most
# 5e-10. Values that cancel to about zero are compared absolutely.
RTOL, ATOL = 6e-10, 1e-10


def rg(*args, check=True):
    return subprocess.run([RG, *args], check=check, capture_output=True, text=True)


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """Four scenarios: a baseline (2 replicates), the CBT trial paired with it (a
    programme with costs, an emulated trial), mentoring with other seeds (Welch)
    and a single run (normal intervals)."""
    d = tmp_path_factory.mktemp("study")
    common = ["-q", "--set", "run.agents=2000", "--set", "run.months=36"]
    sc = os.path.join(SRC, "scenarios")
    rg("run", os.path.join(sc, "baseline.cfg"), "-o", str(d / "base.h5"), "--replicates", "2",
       *common)
    rg("run", os.path.join(sc, "trial_cbt.cfg"), "-o", str(d / "trial.h5"), "--replicates",
       "2", *common)
    rg("run", os.path.join(sc, "mentoring.cfg"), "-o", str(d / "ment.h5"), "--replicates",
       "2", "--seed", "5", *common)
    rg("run", os.path.join(sc, "ban_the_box.cfg"), "-o", str(d / "btb.h5"), *common)
    return d


def files(d, *stems):
    out = []
    for stem in stems:
        out += sorted(map(str, d.glob(f"{stem}-r*.h5"))) or [str(d / f"{stem}.h5")]
    return out


def assert_same_table(py, cli, keys):
    """Same rows in the same order, same text, numbers equal to the CSV's precision."""
    assert list(py.columns) == list(cli.columns)
    key = lambda df: df[keys].astype(str).agg("|".join, axis=1).tolist()  # noqa: E731
    assert key(py) == key(cli)
    for col in py.columns:
        if cli[col].dtype.kind in "fi":
            np.testing.assert_allclose(py[col].astype(float), cli[col].astype(float),
                                       rtol=RTOL, atol=ATOL, equal_nan=True, err_msg=col)
        else:
            assert py[col].astype(str).tolist() == cli[col].astype(str).tolist(), col


def test_compare_equals_the_cli(study, tmp_path):
    paths = files(study, "base", "trial", "ment", "btb")
    rg("compare", *paths, "--csv", str(tmp_path / "c.csv"))
    cli = pd.read_csv(tmp_path / "c.csv", keep_default_na=False, na_values=[""])
    py = reintegra.compare(paths)
    assert_same_table(py, cli, ["base", "scenario", "group", "metric"])
    methods = set(py["method"])
    assert {"paired by seed (common random numbers)", "unpaired (Welch)",
            "unpaired, one replicate (normal)"} <= methods
    assert {"cost_per_rearrest_averted", "trial_itt_rearrest_1y",
            "trial_true_effect_rearrest_1y"} <= set(py["metric"])


def test_compare_from_loaded_runs_and_another_base(study, tmp_path):
    paths = files(study, "ment", "base")
    rg("compare", *paths, "--csv", str(tmp_path / "c.csv"))
    cli = pd.read_csv(tmp_path / "c.csv", keep_default_na=False, na_values=[""])
    runs = reintegra.load_many(files(study, "base", "ment"))
    assert_same_table(reintegra.compare(runs, base="mentoring"), cli,
                      ["base", "scenario", "group", "metric"])


def test_metrics_equal_the_cli(study, tmp_path):
    paths = files(study, "base", "trial", "btb")
    rg("metrics", *paths, "--csv", str(tmp_path / "m.csv"))
    cli = pd.read_csv(tmp_path / "m.csv", keep_default_na=False, na_values=[""])
    assert_same_table(reintegra.metrics(paths), cli, ["scenario", "group", "metric"])


def test_compare_refuses_one_scenario_and_unknown_base(study):
    with pytest.raises(ValueError, match="replicates of one scenario"):
        reintegra.compare(files(study, "base"))
    with pytest.raises(ValueError, match="no scenario 'nope'"):
        reintegra.compare(files(study, "base", "btb"), base="nope")


def test_load_sweep(tmp_path):
    (tmp_path / "base.cfg").write_text(
        "run: { agents = 800; months = 24; };\n"
        "output: { events = false; trajectory_fraction = 0.0; };\n")
    (tmp_path / "grid.cfg").write_text(
        'base = "base.cfg";\ndesign = "grid";\nreplicates = 2;\nseed = 3;\n'
        'parameters = (\n  { name = "offending.base_rate"; values = [0.03, 0.08]; },\n'
        '  { name = "justice.supervision_share"; values = [0.4, 0.7]; }\n);\n')
    rg("sweep", str(tmp_path / "grid.cfg"), "-o", str(tmp_path / "out"), "--threads", "1",
       "--quiet")
    df = reintegra.load_sweep(tmp_path / "out")
    assert len(df) == 8 and list(df.index) == list(range(8))
    assert (df["state"] == "done").all() and df["state"].dtype == "category"
    assert df.attrs["parameters"] == ["offending.base_rate", "justice.supervision_share"]
    assert {"arrest_y1", "arrest_y2", "return_to_prison_y1", "free_end"} <= set(df.attrs["metrics"])
    assert set(df["offending.base_rate"]) == {0.03, 0.08}
    assert sorted(df["seed"].unique()) == [3, 4]
    assert df.attrs["design"] == "grid" and int(df.attrs["tasks_done"]) == 8
    # Each task's metric is its file's (as `reintegra summarize` computes it).
    for task in (0, 5):
        out = json.loads(rg("summarize", df.loc[task, "file"], "--json").stdout)
        assert df.loc[task, "arrest_y1"] == pytest.approx(out["recidivism"]["arrest"]["year1"],
                                                          abs=1e-3)
        assert out["seed"] == df.loc[task, "seed"]
    assert reintegra.load_sweep(tmp_path / "out" / "index.h5").equals(df)
    with pytest.raises(reintegra.RunFileError, match="not a reintegra sweep index"):
        reintegra.load_sweep(df.loc[0, "file"])
