"""Hostile run files made with h5py: valid HDF5 of schema version 2, with a correct
recorded checksum, that try to make a reader allocate without end, read another
file of the system, or follow links out of the file. Each gets one line naming the
file and exit status 2 from every reader."""
import os
import shutil
import subprocess

import h5py
import numpy as np
import pytest

from reintegra.io import checksum

RG = os.environ.get("RG_CLI", "reintegra")
SRC = os.environ.get("RG_SOURCE_DIR", ".")
READERS = [("summarize",), ("metrics",), ("verify",)]


def rg(*args):
    return subprocess.run([RG, *args], capture_output=True, text=True, timeout=60)


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    d = tmp_path_factory.mktemp("crafted")
    path = d / "good.h5"
    r = rg("run", os.path.join(SRC, "tests", "reliability", "data", "baseline.cfg"), "-q",
           "-o", str(path), "--set", "run.agents=800", "--set", "run.months=13")
    assert r.returncode == 0, r.stderr
    return path


def crafted(good, tmp_path, name, change):
    """A copy of the good file changed by change(f), its checksum made to match."""
    path = tmp_path / name
    shutil.copy(good, path)
    with h5py.File(path, "a") as f:
        change(f)
        del f.attrs["checksum"]
        f.attrs["checksum"] = np.bytes_(checksum(f))
    return path


def refused(path, *patterns):
    """Every reader exits 2 with one line naming the file and one of the patterns."""
    for args in READERS:
        r = rg(*args, str(path))
        assert r.returncode == 2, (args, r.stdout, r.stderr)
        assert r.stderr.count("\n") == 1, r.stderr
        assert r.stderr.startswith("reintegra: ") and str(path) in r.stderr, r.stderr
        assert any(p in r.stderr for p in patterns), (args, r.stderr)


def replace(f, name, data, **kw):
    del f[name]
    f.create_dataset(name, data=data, **kw)


def test_the_good_file_reads(good):
    for args in READERS:
        assert rg(*args, str(good)).returncode == 0


def test_external_storage_is_not_read(good, tmp_path):
    secret = tmp_path / "secret"
    secret.write_bytes(bytes(range(256)) * 40)

    def change(f):
        n = f["agents/sex"].shape[0]
        del f["agents/sex"]
        f.create_dataset("agents/sex", shape=(n,), dtype="u1", external=[(str(secret), 0, n)])
    refused(crafted(good, tmp_path, "external.h5", change), "stored in another file")


def test_external_and_soft_links_are_not_followed(good, tmp_path):
    other = tmp_path / "other.h5"
    shutil.copy(good, other)

    def external(f):
        del f["agents/sex"]
        f["agents/sex"] = h5py.ExternalLink(str(other), "/agents/sex")

    def soft(f):
        f.move("agents/sex", "agents/sex_real")
        f["agents/sex"] = h5py.SoftLink("/agents/sex_real")
    refused(crafted(good, tmp_path, "elink.h5", external), "hard link")
    refused(crafted(good, tmp_path, "slink.h5", soft), "hard link")


def test_a_vast_declared_population_is_not_allocated(good, tmp_path):
    def change(f):
        n = 300_000_000
        f.attrs["agents"] = np.int64(n)
        for k in list(f["agents"]):
            dt = f["agents"][k].dtype
            del f["agents"][k]
            # Chunks never written: a reader that believed the extent would make
            # gigabytes of fill values.
            f["agents"].create_dataset(k, shape=(n,), dtype=dt, chunks=(65536,),
                                       fletcher32=True)
    # Refused for its missing chunks, or before reading on a machine with less than
    # the 7.5 GB the declared columns would take.
    refused(crafted(good, tmp_path, "vast.h5", change), "chunks are missing", "of memory")


def test_months_past_the_registry_are_refused(good, tmp_path):
    def change(f):
        f.attrs["months"] = np.int64(2**31 - 1)
        f.attrs["months_completed"] = np.int64(2**31 - 1)
    refused(crafted(good, tmp_path, "months.h5", change), "out of range")


def test_counts_that_the_datasets_do_not_bear_out(good, tmp_path):
    def change(f):
        f.attrs["agents"] = np.int64(f.attrs["agents"] + 1)
    path = crafted(good, tmp_path, "count.h5", change)
    for args in (("summarize",), ("metrics",)):
        r = rg(*args, str(path))
        assert r.returncode == 2 and "/agents/sex has 800 values; expected 801" in r.stderr


def test_data_without_checksums_is_refused(good, tmp_path):
    def change(f):
        replace(f, "agents/first_arrest", f["agents/first_arrest"][()], chunks=True)
    refused(crafted(good, tmp_path, "nofletcher.h5", change), "no Fletcher32 checksum")


def test_variable_length_strings_are_not_read(good, tmp_path):
    def change(f):
        config = f["config"][()].decode()
        del f["config"]
        f.create_dataset("config", data=config, dtype=h5py.string_dtype())
    path = tmp_path / "vlen.h5"
    shutil.copy(good, path)
    with h5py.File(path, "a") as f:
        change(f)
    refused(path, "damaged")


def test_strings_of_another_type_are_refused(good, tmp_path):
    def change(f):
        del f.attrs["scenario"]
        f.attrs["scenario"] = np.arange(5)
    path = tmp_path / "type.h5"
    shutil.copy(good, path)
    with h5py.File(path, "a") as f:
        change(f)
    refused(path, "damaged")


def test_virtual_datasets_are_not_read(good, tmp_path):
    other = tmp_path / "source.h5"
    shutil.copy(good, other)

    def change(f):
        n = f["agents/sex"].shape[0]
        layout = h5py.VirtualLayout(shape=(n,), dtype="u1")
        layout[:] = h5py.VirtualSource(str(other), "agents/sex", shape=(n,))
        del f["agents/sex"]
        f["agents"].create_virtual_dataset("sex", layout)
    refused(crafted(good, tmp_path, "virtual.h5", change), "virtual dataset")
