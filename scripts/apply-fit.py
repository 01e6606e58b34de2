#!/usr/bin/env python3
"""Write the values of a fitted scenario (from `reintegra calibrate`) into the
registry defaults in include/reintegra/*.h, so the baseline is the recorded fit.

    scripts/apply-fit.py FITTED.cfg
"""
import pathlib
import re
import shutil
import subprocess
import sys


def fitted_values(path):
    values, group = {}, None
    for line in pathlib.Path(path).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if m := re.match(r"^(\w+):$", line):
            group = m.group(1)
        elif m := re.match(r"^(\w+)\s*=\s*([-+0-9.eE]+);$", line):
            values[(group, m.group(1))] = m.group(2)
    return values


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    values = fitted_values(sys.argv[1])
    root = pathlib.Path(__file__).resolve().parent.parent / "include" / "reintegra"
    done = set()
    for header in root.glob("*.h"):
        text = header.read_text()
        for (group, key), value in values.items():
            # Only the table of the group's own module: X(g, REAL, key, default, ...
            macro = f"RG_{group.upper()}_PARAMS"
            if macro not in text:
                continue
            text, n = re.subn(rf"(X\(g, REAL, {key}, )([^,]+)(,)", rf"\g<1>{value}\3", text)
            if n:
                done.add((group, key))
        header.write_text(text)
    # A value of another width moves the macro's line continuations: reformat.
    if shutil.which("clang-format"):
        subprocess.run(["clang-format", "-i", *map(str, root.glob("*.h"))], check=True)
    missing = set(values) - done
    if missing:
        sys.exit(f"not found in the registry: {sorted(missing)}")
    print(f"applied {len(done)} fitted values")


if __name__ == "__main__":
    main()
