"""Compare two sweep folders task file by task file: the same files, and in each
the same datasets (values, types, attributes) and root attributes, except those
that record when, where and how fast a file was written.

usage: compare_sweeps.py DIR_A DIR_B
"""
import os
import sys

import h5py
import numpy as np

IGNORED_ATTRS = {"host", "created_utc", "threads", "wall_seconds"}


def attrs(obj):
    return {k: v for k, v in obj.attrs.items() if k not in IGNORED_ATTRS}


def same_value(a, b):
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        a, b = np.asarray(a), np.asarray(b)
        if a.dtype.kind == "f":
            return a.shape == b.shape and np.array_equal(a, b, equal_nan=True)
        return a.shape == b.shape and np.array_equal(a, b)
    return a == b


def compare_file(pa, pb, problems):
    with h5py.File(pa, "r") as fa, h5py.File(pb, "r") as fb:
        names_a, names_b = [], []
        fa.visit(names_a.append)
        fb.visit(names_b.append)
        if sorted(names_a) != sorted(names_b):
            problems.append(f"{pa}: objects differ from {pb}")
            return
        for objs in [(fa, fb)] + [(fa[n], fb[n]) for n in names_a]:
            oa, ob = objs
            aa, ab = attrs(oa), attrs(ob)
            if sorted(aa) != sorted(ab):
                problems.append(f"{pa}:{oa.name}: attribute names differ")
            for k in aa:
                if k in ab and not same_value(aa[k], ab[k]):
                    problems.append(f"{pa}:{oa.name}: attribute {k} differs")
            if isinstance(oa, h5py.Dataset):
                if oa.dtype != ob.dtype or not same_value(oa[()], ob[()]):
                    problems.append(f"{pa}:{oa.name}: data differ")


def main():
    a, b = sys.argv[1], sys.argv[2]
    files_a = sorted(os.listdir(os.path.join(a, "tasks")))
    files_b = sorted(os.listdir(os.path.join(b, "tasks")))
    problems = []
    if files_a != files_b:
        problems.append(f"task files differ: {files_a} vs {files_b}")
    for name in files_a:
        if name in files_b:
            compare_file(os.path.join(a, "tasks", name), os.path.join(b, "tasks", name), problems)
    with h5py.File(os.path.join(a, "index.h5"), "r") as ia, \
            h5py.File(os.path.join(b, "index.h5"), "r") as ib:
        for group in ("metrics", "parameters"):
            for k in ia[group]:
                if not same_value(ia[group][k][()], ib[group][k][()]):
                    problems.append(f"index.h5: /{group}/{k} differs")
        if not same_value(ia["tasks/state"][()], ib["tasks/state"][()]):
            problems.append("index.h5: /tasks/state differs")
    for p in problems[:20]:
        print(p)
    print(f"compared {len(files_a)} task files: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
