"""Checks of the sources that no compiler makes (docs/architecture.md).

  check_sources.py layers SRC     no file includes a header of a layer above its own,
                                  and analysis and the engine do not include each other
  check_sources.py lengths SRC    no function outside tests is over 80 lines
  check_sources.py markdown SRC   the layers as a Markdown table (docs/architecture.md)

The table of layers below is the one place that says which folder and which header
belongs to which layer.
"""
import os
import re
import sys

# name, source folders, public headers (include/reintegra/), internal headers
# (sim/<prefix>), the layers it may include besides its own, what it is.
LAYERS = [
    ("contract", ["sim/common"],
     ["error.h", "schema.h", "sweep_index.h", "rng.h", "build_info.h", "install_dirs.h"],
     ["common/"], [],
     "what every layer shares: status and messages, the output contract (schema codes, "
     "the sweep index layout), the random streams, the build and install folders, and the "
     "HDF5, file and text helpers"),
    ("engine", ["sim/engine", "models"], None, [], ["contract"],
     "the model as a library: registry and configuration, agents, modules, the monthly "
     "schedule, runs, the HDF5 writer"),
    ("analysis", ["analysis"],
     ["groups.h", "result.h", "recidivism.h", "survival.h", "stats.h", "metrics.h", "compare.h",
      "tables.h", "report.h", "sensitivity.h", "story.h", "life.h"], [], ["contract"],
     "reading outputs back through the contract only: the reader of run files, "
     "measures, intervals, contrasts, report, sensitivity of sweeps"),
    ("workflows", ["sim/workflows"], ["workflow.h", "keys.h", "sweep.h", "calibrate.h", "explore.h", "uncertainty.h", "decompose.h"],
     ["workflows/"], ["contract", "engine", "analysis"],
     "many runs driven from C: sweeps (alone, MPI, Slurm), calibration, the live explorer; options in, "
     "status out, progress and log lines through hooks"),
    ("cli", ["sim/cli"], ["cli.h"], [], ["contract", "engine", "analysis", "workflows"],
     "the `reintegra` program: parse, call, print, choose the exit status"),
]
# Functions over the limit that are known and being split elsewhere: "path:function".
LONG_KNOWN: set = set()
MAX_LINES = 80
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of_header(name, headers):
    """The layer of an included name ("reintegra/x.h" or "common/x.h"), or None."""
    for layer, _, public, internal, _, _ in LAYERS:
        for prefix in internal:
            if name.startswith(prefix):
                return layer
        if name.startswith("reintegra/") and public and name[10:] in public:
            return layer
    if name.startswith("reintegra/") and name[10:] in headers:
        return "engine"
    return None


def layer_of_source(path):
    for layer, folders, public, internal, _, _ in LAYERS:
        if any(path == f or path.startswith(f + "/") for f in folders):
            return layer
        if path.startswith("include/reintegra/"):
            base = path[len("include/reintegra/"):]
            if public and base in public:
                return layer
        if any(path.startswith("sim/" + p) and path.endswith(".h") for p in internal):
            return layer
    if path.startswith("include/reintegra/"):
        return "engine"
    return None


def sources(src):
    for top in ["include", "sim", "models", "analysis"]:
        for root, _, files in os.walk(os.path.join(src, top)):
            for f in sorted(files):
                if f.endswith((".c", ".h")):
                    yield os.path.relpath(os.path.join(root, f), src)


# Public headers generated into the build folder by CMake.
GENERATED = {"build_info.h", "install_dirs.h"}


def check_layers(src):
    headers = set(os.listdir(os.path.join(src, "include/reintegra")))
    allowed = {layer: set(may) | {layer} for layer, _, _, _, may, _ in LAYERS}
    problems = []
    for layer, _, public, _, _, _ in LAYERS:
        for h in public or []:
            if h not in headers and h not in GENERATED:
                problems.append(f"layer {layer}: include/reintegra/{h} does not exist")
    for path in sources(src):
        mine = layer_of_source(path)
        if mine is None:
            problems.append(f"{path}: in no layer (add its folder to tests/lint/check_sources.py)")
            continue
        with open(os.path.join(src, path), encoding="utf-8") as f:
            for n, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                name = m.group(1)
                if path.startswith("include/reintegra/") and "/" not in name:
                    name = "reintegra/" + name  # a sibling header
                theirs = layer_of_header(name, headers)
                if theirs is None:
                    problems.append(f"{path}:{n}: \"{m.group(1)}\" is in no layer")
                elif theirs not in allowed[mine]:
                    problems.append(f"{path}:{n}: the {mine} layer includes \"{m.group(1)}\" "
                                    f"of the {theirs} layer")
    return problems


def functions(text):
    """(name, first line, lines) of each function: from its signature to its closing
    brace (the Linux style: braces of function bodies alone at column 0)."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if line != "{":
            continue
        j = i - 1
        while j > 0 and lines[j - 1].strip() and not lines[j - 1].startswith(
                ("}", "/*", " *", "#", "static const", "//")) and lines[j - 1][0] in " \t":
            j -= 1
        while j > 0 and lines[j - 1].strip() and lines[j - 1][0] not in " \t}/#" and \
                not lines[j - 1].rstrip().endswith((";", "*/")):
            j -= 1
        k = i + 1
        while k < len(lines) and lines[k] != "}":
            k += 1
        name = re.findall(r"(\w+)\s*\(", " ".join(lines[j:i]))
        yield (name[0] if name else "?"), j + 1, k - j + 1


def check_lengths(src):
    problems = []
    for top in ["sim", "models", "analysis", "bench"]:
        for root, _, files in os.walk(os.path.join(src, top)):
            for f in sorted(files):
                if not f.endswith(".c"):
                    continue
                path = os.path.relpath(os.path.join(root, f), src)
                with open(os.path.join(src, path), encoding="utf-8") as fh:
                    for name, first, n in functions(fh.read()):
                        if n > MAX_LINES and f"{path}:{name}" not in LONG_KNOWN:
                            problems.append(f"{path}:{first}: {name} is {n} lines; "
                                            f"expected at most {MAX_LINES}")
    return problems


def markdown():
    print("| layer | folders | headers | may include | what it is |")
    print("| --- | --- | --- | --- | --- |")
    for layer, folders, public, internal, may, what in LAYERS:
        hs = ", ".join(f"`{h}`" for h in public) if public else "every other header"
        hs += "".join(f"; `sim/{p}*.h` (internal)" for p in internal)
        fs = ", ".join(f"`{f}/`" for f in folders)
        print(f"| {layer} | {fs} | {hs} | {', '.join(may) or 'nothing else'} | {what} |")


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in ("layers", "lengths", "markdown"):
        sys.exit(__doc__)
    if sys.argv[1] == "markdown":
        markdown()
        return
    problems = (check_layers if sys.argv[1] == "layers" else check_lengths)(sys.argv[2])
    for p in problems:
        print(p)
    print(f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
