"""Draw the main figures of one or more scenarios with matplotlib.

    python3 figures.py base-r*.h5 ban_the_box-r*.h5 -o figures/

Writes survival.png (rearrest, reconviction and return to prison: Kaplan-Meier,
mean over replicates), prison.png (people in prison by month) and, when the runs
record them, employment.png and housing.png; prints the recidivism table.
"""
import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import reintegra  # noqa: E402

# Okabe & Ito: distinguishable with colour-vision deficiencies.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
STYLES = ["-", "--", ":", "-."]


def survival_figure(groups, months, out):
    fig, axes = plt.subplots(1, 3, figsize=(13, 4), sharey=True)
    measures = [("first_arrest", "rearrest"), ("first_conviction", "reconviction"),
                ("first_return", "return to prison")]
    for ax, (column, label) in zip(axes, measures):
        for k, (name, runs) in enumerate(groups.items()):
            curves = pd.concat([reintegra.survival(r.agents, column, months)["survival"]
                                for r in runs], axis=1)
            ax.plot(curves.index, 100 * curves.mean(axis=1), color=COLOURS[k % 7],
                    linestyle=STYLES[k % 4], label=f"{name} ({len(runs)} runs)")
        ax.set_title(f"Without a {label}")
        ax.set_xlabel("months since release")
        ax.grid(alpha=0.3)
    axes[0].set_ylabel("people (%)")
    axes[0].set_ylim(0, 100)
    axes[-1].legend()
    fig.tight_layout()
    fig.savefig(os.path.join(out, "survival.png"), dpi=120)
    plt.close(fig)


def series_figure(groups, column, ylabel, title, out, name, per_free=True):
    fig, ax = plt.subplots(figsize=(7, 4))
    drew = False
    for k, (label, runs) in enumerate(groups.items()):
        series = []
        for r in runs:
            s = r.summary
            if column not in s:
                continue
            den = s["free"].clip(lower=1) if per_free else r.agents_count
            series.append(100.0 * s[column] / den)
        if series:
            ax.plot(pd.concat(series, axis=1).mean(axis=1), color=COLOURS[k % 7],
                    linestyle=STYLES[k % 4], label=label)
            drew = True
    if drew:
        ax.set_xlabel("model month")
        ax.set_ylabel(ylabel)
        ax.set_title(title)
        ax.grid(alpha=0.3)
        ax.legend()
        fig.tight_layout()
        fig.savefig(os.path.join(out, name), dpi=120)
    plt.close(fig)
    return drew


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("files", nargs="+")
    p.add_argument("-o", "--output", default=".")
    a = p.parse_args(argv)
    os.makedirs(a.output, exist_ok=True)
    runs = reintegra.load_many(a.files)
    months = runs[0].months
    groups = runs.scenarios()
    survival_figure(groups, months, a.output)
    series_figure(groups, "prison", "people (% of everyone)", "In prison", a.output,
                  "prison.png", per_free=False)
    series_figure(groups, "employed", "free people (%)", "Employed", a.output, "employment.png")
    series_figure(groups, "housing_stable", "free people (%)", "In stable housing", a.output,
                  "housing.png")
    table = pd.DataFrame({name: pd.DataFrame([reintegra.recidivism(r) for r in rs]).mean()
                          for name, rs in groups.items()})
    print(table.round(1).to_string())


if __name__ == "__main__":
    main()
