"""The Python package: loading runs into DataFrames, Kaplan-Meier agreeing with
the C analysis (`reintegra metrics --csv`), programmes and trials on synthetic
files, bad files refused, and the example script drawing its figures."""
import ctypes
import os
import subprocess
import sys

import h5py
import numpy as np
import pandas as pd
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, ".."))
import reintegra  # noqa: E402

RG = os.environ.get("RG_CLI", "reintegra")
SRC = os.environ.get("RG_SOURCE_DIR", os.path.join(HERE, "..", "..", ".."))


def rg(*args, check=True):
    return subprocess.run([RG, *args], check=check, capture_output=True, text=True)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    d = tmp_path_factory.mktemp("runs")
    base = os.path.join(SRC, "scenarios", "baseline.cfg")
    common = ["-q", "--replicates", "2", "--set", "run.agents=2000", "--set", "run.months=36",
              "--set", "output.trajectory_fraction=0.05"]
    rg("run", base, "-o", str(d / "base.h5"), *common)
    rg("run", base, "-o", str(d / "fewer.h5"), *common, "--set", "run.name=fewer",
       "--set", "justice.arrest_probability=0.4")
    return d


def test_load_tables(runs):
    run = reintegra.load(runs / "base-r1.h5")
    assert run.scenario == "baseline" and run.seed == 1 and run.months == 36
    assert run.streams_version == 2
    assert list(run.summary.index) == list(range(36))
    assert len(run.agents) == 2000 and "first_arrest" in run.agents
    ev = run.events
    # Every event type has its name from the file's `codes` attribute.
    assert ev["type_name"].notna().all()
    assert {"RELEASE", "OFFENSE", "ARREST", "CONVICTION", "ADMISSION", "JOB_START",
            "HOUSING_MOVE"} <= set(ev["type_name"])
    assert (ev["type_name"] == "ARREST").sum() == run.summary["arrests"].sum()
    tr = run.trajectories
    assert set(tr["month"]) == set(range(36)) and {"agent", "status"} <= set(tr)
    assert "config" in run.metadata and "seed = 1;" in run.metadata["config"]


def test_many_runs_and_scenarios(runs):
    many = reintegra.load_many(sorted(runs.glob("*-r*.h5")))
    assert set(many.scenarios()) == {"baseline", "fewer"}
    s = many.summary
    assert {"scenario", "seed", "file", "month", "free"} <= set(s)
    assert len(s) == 4 * 36
    assert len(many.metadata) == 4


def test_kaplan_meier_matches_the_c_analysis(runs, tmp_path):
    csv = tmp_path / "m.csv"
    rg("metrics", *map(str, sorted(runs.glob("base-r*.h5"))), "--csv", str(csv))
    m = pd.read_csv(csv)
    m = m[(m.group == "all")].set_index("metric")
    py = pd.DataFrame([reintegra.recidivism(reintegra.load(runs / f"base-r{k}.h5"))
                       for k in (1, 2)]).mean()
    for key in ("rearrest_1y", "rearrest_3y", "reconviction_1y", "reincarceration_3y"):
        assert m.loc[key, "estimate"] == pytest.approx(py[key], abs=1e-6), key


def test_kaplan_meier_hand_case():
    km = reintegra.kaplan_meier([1, 2, 2, 2, 3, 4, 5], [1, 1, 1, 0, 0, 1, 0], 6)
    np.testing.assert_allclose(km["survival"].to_numpy(),
                               [1, 6 / 7, 4 / 7, 4 / 7, 2 / 7, 2 / 7, 2 / 7])
    assert km["se"].iloc[2] ** 2 == pytest.approx(16 / 49 * 9 / 84)


class Checked:
    """A group whose datasets are written chunked with Fletcher32 checksums."""

    def __init__(self, group):
        self.group = group

    def __setitem__(self, name, data):
        self.group.create_dataset(name, data=data, chunks=True, fletcher32=True)


# h5py has no call for it: HDF5's own, on h5py's property lists (the same library).
_H5 = ctypes.CDLL("libhdf5_serial.so.103" if os.path.exists(
    "/usr/lib/x86_64-linux-gnu/libhdf5_serial.so.103") else "libhdf5.so")


def _compact(plist):
    """Links and attributes in the object headers, as the program keeps them
    (readers refuse the heaps HDF5 would use past 8 of either)."""
    if isinstance(plist, (h5py.h5p.PropGCID, h5py.h5p.PropFCID)):
        assert _H5.H5Pset_link_phase_change(ctypes.c_int64(plist.id), 65535, 65535) >= 0
    plist.set_attr_phase_change(65535, 65535)
    return plist


def compact_file(path):
    fapl = h5py.h5p.create(h5py.h5p.FILE_ACCESS)
    fapl.set_libver_bounds(h5py.h5f.LIBVER_V110, h5py.h5f.LIBVER_V110)
    fcpl = _compact(h5py.h5p.create(h5py.h5p.FILE_CREATE))
    return h5py.File(h5py.h5f.create(os.fsencode(path), h5py.h5f.ACC_TRUNC, fapl=fapl, fcpl=fcpl))


def compact_group(parent, name):
    gcpl = _compact(h5py.h5p.create(h5py.h5p.GROUP_CREATE))
    h5py.h5g.create(parent.id, name.encode(), gcpl=gcpl)
    return parent[name]


def synthetic(path, seed, offered_effect, programmes=True, trial=True, months=24, n=400):
    """A small file of schema version 2 with the programme and trial datasets, written
    as the program writes them: HDF5 1.10's format, strings of fixed length,
    Fletcher32 on every dataset, the recorded checksum last."""
    rng = np.random.default_rng(seed)
    config = (f'run:\n{{\n  name = "{"trial" if trial else "base"}";\n  agents = {n};\n'
              f'  months = {months};\n  seed = {seed};\n}};\n')
    with compact_file(path) as f:
        for k, v in {"format": "reintegra", "scenario": "trial" if trial else "base",
                     "reintegra_version": "0", "git_revision": "x", "compiler": "c",
                     "libraries": "l", "host": "h", "created_utc": "t", "build_type": "b",
                     "description": "synthetic",
                     "trial_programme": "mentoring" if trial else "none"}.items():
            f.attrs[k] = np.bytes_(v)
        f.attrs["schema_version"] = np.int32(2)
        f.attrs["threads"] = np.int32(1)
        for k in ("seed", "agents", "months", "months_completed"):
            f.attrs[k] = np.int64({"seed": seed, "agents": n}.get(k, months))
        f.attrs["wall_seconds"] = 0.1
        f["config"] = np.bytes_(config)
        s = Checked(compact_group(f, "summary"))
        s["month"] = np.arange(months, dtype=np.int32)
        s["free"] = np.full(months, n, dtype=np.int64)
        s["prison"] = np.zeros(months, dtype=np.int64)
        s["pending"] = np.zeros(months, dtype=np.int64)
        s["employed"] = np.full(months, n // 2, dtype=np.int64)
        a = Checked(compact_group(f, "agents"))
        arm = np.where(np.arange(n) % 2 == 0, 1, 0).astype(np.int8)
        base_arrest = np.where(rng.random(n) < 0.5, rng.integers(0, 12, n), -1)
        # The offer prevents some arrests among those offered (in the trial run).
        prevented = trial & (arm == 1) & (rng.random(n) < offered_effect)
        first = np.where(prevented, -1, base_arrest).astype(np.int16)
        a["sex"] = (np.arange(n) % 5 == 0).astype(np.uint8)
        a["race"] = (np.arange(n) % 4).astype(np.uint8)
        a["offense"] = (np.arange(n) % 4).astype(np.uint8)
        a["age_at_release"] = np.linspace(19, 60, n).astype(np.float32)
        a["release_month"] = np.zeros(n, dtype=np.int16)
        a["first_arrest"] = first
        a["first_conviction"] = np.full(n, -1, dtype=np.int16)
        a["first_return"] = np.full(n, -1, dtype=np.int16)
        a["months_free_total"] = np.full(n, months, dtype=np.uint16)
        a["months_employed"] = np.full(n, months // 2, dtype=np.uint16)
        a["income_total"] = np.full(n, 1000.0 * months, dtype=np.float32)
        a["months_stable_housing"] = np.full(n, months, dtype=np.uint16)
        a["months_homeless"] = np.zeros(n, dtype=np.uint16)
        a["family_support"] = np.full(n, 0.5, dtype=np.float32)
        a["stigma"] = np.full(n, 0.5, dtype=np.float32)
        a["mental_illness"] = np.zeros(n, dtype=np.uint8)
        a["substance_use"] = np.zeros(n, dtype=np.uint8)
        if trial:
            a["trial_arm"] = arm
        if programmes:
            p = Checked(compact_group(f, "programmes"))
            p["name"] = np.array([b"mentoring", b"cbt"])
            p["enrolled"] = np.array([100, 50], dtype=np.int64)
            p["completed"] = np.array([60, 30], dtype=np.int64)
            p["dropped"] = np.array([40, 10], dtype=np.int64)
            p["participant_months"] = np.array([600, 200], dtype=np.int64)
            p["cost_per_month"] = np.array([250.0, 100.0])
        f.attrs["checksum"] = np.bytes_(reintegra.io.checksum(f))


def test_programmes_trial_and_cost(tmp_path):
    for seed in (1, 2, 3):
        synthetic(tmp_path / f"base-{seed}.h5", seed, 0.0, programmes=False, trial=False)
        synthetic(tmp_path / f"trial-{seed}.h5", seed, 0.4)
    files = [str(tmp_path / f"base-{s}.h5") for s in (1, 2, 3)] + \
            [str(tmp_path / f"trial-{s}.h5") for s in (1, 2, 3)]
    out = rg("compare", *files, "--csv", str(tmp_path / "c.csv")).stdout
    assert "emulated trial of mentoring" in out and "paired by seed" in out
    c = pd.read_csv(tmp_path / "c.csv").set_index("metric")
    # Completion: (60 + 30) / (60 + 40 + 30 + 10) = 64.3%, the same in every replicate.
    assert c.loc["programme_completion", "scenario_estimate"] == pytest.approx(90 / 140 * 100)
    # Cost: 600 * 250 + 200 * 100 = 170,000 per run.
    assert c.loc["programme_cost", "scenario_estimate"] == pytest.approx(170000)
    assert c.loc["cost_per_rearrest_averted", "difference"] > 0
    itt = c.loc["trial_itt_rearrest_1y"]
    true = c.loc["trial_true_effect_rearrest_1y"]
    assert itt["difference"] < 0 and true["difference"] < 0
    # The true effect compares the same people with and without the offer: about
    # 40% of the offered people's 50% arrests prevented.
    assert true["difference"] == pytest.approx(-20, abs=6)
    assert true["lower"] <= itt["difference"] + 15
    # Metrics of the new datasets are there: employment 50%, QoL from all components.
    m = rg("metrics", *files[3:], "--csv", str(tmp_path / "m.csv"))
    m = pd.read_csv(tmp_path / "m.csv")
    row = m[(m.metric == "employment_rate") & (m.group == "all")].iloc[0]
    assert row.estimate == pytest.approx(50.0)
    assert row.lower == pytest.approx(50.0) and row.upper == pytest.approx(50.0)
    qol = m[(m.metric == "qol_index") & (m.group == "all")].iloc[0]
    # freedom 1, work 0.5, housing 1, family 0.5, stigma 0.5, health 1 -> 75.
    assert qol.estimate == pytest.approx(75.0)
    r = reintegra.load(files[3])
    assert list(r.programmes["name"]) == ["mentoring", "cbt"]
    assert r.programmes["cost"].sum() == pytest.approx(170000)


def test_bad_files(tmp_path):
    bad = tmp_path / "bad.h5"
    bad.write_text("no")
    with pytest.raises(reintegra.io.RunFileError):
        reintegra.load(bad)
    synthetic(tmp_path / "v3.h5", 1, 0.0)
    with h5py.File(tmp_path / "v3.h5", "a") as f:
        f.attrs["schema_version"] = np.int32(3)
    with pytest.raises(reintegra.io.RunFileError, match="schema version 3"):
        reintegra.load(tmp_path / "v3.h5")
    r = rg("metrics", str(tmp_path / "v3.h5"), check=False)
    assert r.returncode == 2 and r.stderr.count("\n") == 1
    # A changed value under an unchanged checksum is damage.
    synthetic(tmp_path / "altered.h5", 1, 0.0)
    with h5py.File(tmp_path / "altered.h5", "a") as f:
        f.attrs["seed"] = np.int64(99)
    with pytest.raises(reintegra.io.RunFileError, match="damaged"):
        reintegra.load(tmp_path / "altered.h5")
    r = rg("metrics", str(tmp_path / "altered.h5"), check=False)
    assert r.returncode == 2 and "damaged: the root attributes" in r.stderr


def test_example_figures(runs, tmp_path):
    files = sorted(map(str, runs.glob("*-r*.h5")))
    out = subprocess.run([sys.executable, os.path.join(HERE, "..", "examples", "figures.py"),
                          *files, "-o", str(tmp_path)], check=True, capture_output=True,
                         text=True)
    assert "rearrest_1y" in out.stdout
    for name in ("survival.png", "prison.png"):
        assert (tmp_path / name).stat().st_size > 10000
