"""The HDF5 output contract (schema version 2), read back with h5py."""
import json
import os
import subprocess

import h5py
import numpy as np
import pytest

RG = os.environ.get("RG_CLI", "reintegra")
SRC = os.environ.get("RG_SOURCE_DIR", ".")


def run(*args):
    return subprocess.run([RG, *args], check=True, capture_output=True, text=True)


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    d = tmp_path_factory.mktemp("contract")
    path = d / "run.h5"
    run("run", os.path.join(SRC, "scenarios", "baseline.cfg"), "-q", "-o", str(path),
        "--set", "run.agents=5000", "--set", "run.months=36",
        "--set", "output.trajectory_fraction=0.05", "--seed", "3")
    return path


def text(value):
    """Strings are of fixed length (no variable-length data, whose heap has no
    checksum): h5py returns them as bytes."""
    assert isinstance(value, bytes), value
    return value.decode()


def test_root_attributes(result):
    with h5py.File(result, "r") as f:
        a = f.attrs
        assert text(a["format"]) == "reintegra"
        assert int(a["schema_version"]) == 2
        assert int(a["streams_version"]) == 2
        assert int(a["seed"]) == 3 and int(a["agents"]) == 5000 and int(a["months"]) == 36
        assert int(a["months_completed"]) == 36
        for key in ("reintegra_version", "git_revision", "compiler", "libraries", "host",
                    "created_utc", "scenario"):
            assert text(a[key]), key


def test_checksums(result):
    """HDF5 1.10's format (metadata checksums), Fletcher32 on every dataset with
    data in chunks, and the recorded checksum of the root attributes and /config,
    recomputed here from the documented rule."""
    from reintegra.io import checksum
    with h5py.File(result, "r") as f:
        assert f.id.get_create_plist().get_version()[0] == 3  # superblock version 3
        assert text(f.attrs["checksum"]) == checksum(f)

        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and obj.size and obj.shape:
                assert obj.chunks and obj.fletcher32, name
                assert obj.dtype.kind != "O", name  # no variable-length data
        f.visititems(visit)


def test_every_dataset_has_units_and_description(result):
    names = []

    def visit(name, obj):
        if isinstance(obj, h5py.Dataset):
            names.append(name)
            assert text(obj.attrs.get("units")), name
            assert text(obj.attrs.get("description")), name

    with h5py.File(result, "r") as f:
        f.visititems(visit)
    assert {"config", "summary/month", "agents/first_arrest", "events/type",
            "trajectories/status"} <= set(names)


def test_shapes_and_consistency(result):
    with h5py.File(result, "r") as f:
        s = {k: f["summary"][k][:] for k in f["summary"]}
        assert all(len(v) == 36 for v in s.values())
        np.testing.assert_array_equal(s["month"], np.arange(36))
        assert np.all(s["pending"] + s["free"] + s["prison"] == 5000)
        ev = {k: f["events"][k][:] for k in f["events"]}
        assert len({len(v) for v in ev.values()}) == 1
        assert np.all(np.diff(ev["month"]) >= 0)
        arrests = np.bincount(ev["month"][ev["type"] == 3], minlength=36)
        np.testing.assert_array_equal(arrests, s["arrests"])
        agents = f["agents"]
        assert agents["sex"].shape == (5000,)
        assert int(agents["arrests"][:].sum()) == int(s["arrests"].sum())
        ids = f["trajectories/agent"][:]
        assert f["trajectories/status"].shape == (36, len(ids))
        # The sampled trajectories end where the agents' final state is.
        np.testing.assert_array_equal(f["trajectories/status"][-1], agents["status"][:][ids])
        np.testing.assert_array_equal(f["trajectories/arrests"][-1], agents["arrests"][:][ids])


def test_summarize_json_matches_the_file(result):
    out = json.loads(run("summarize", str(result), "--json").stdout)
    with h5py.File(result, "r") as f:
        first = f["agents/first_arrest"][:]
        year1 = 100.0 * np.mean((first >= 0) & (first < 12))
        assert out["recidivism"]["arrest"]["year1"] == pytest.approx(year1, abs=1e-3)
        assert out["final"]["free"] == int(f["summary/free"][-1])
    assert out["agents"] == 5000 and out["months"] == 36 and out["seed"] == 3
    assert set(out["recidivism"]) == {"arrest", "conviction", "return_to_prison"}
    assert set(out["recidivism"]["arrest"]) == {"year1", "year2", "year3"}


def test_stored_configuration_reruns_identically(result, tmp_path):
    with h5py.File(result, "r") as f:
        config = f["config"][()].decode()
    cfg = tmp_path / "again.cfg"
    cfg.write_text(config)
    again = tmp_path / "again.h5"
    run("run", str(cfg), "-q", "-o", str(again))
    with h5py.File(result, "r") as a, h5py.File(again, "r") as b:
        for group in ("agents", "summary", "events", "trajectories"):
            for k in a[group]:
                np.testing.assert_array_equal(a[group][k][()], b[group][k][()], err_msg=k)
