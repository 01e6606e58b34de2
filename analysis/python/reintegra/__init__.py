"""Read reintegra run files (HDF5 schema version 1) and sweeps into pandas, and
compute the evaluation measures of the C analysis.

    import reintegra
    run = reintegra.load("baseline-r1.h5")
    run.summary        # one row per month
    run.agents         # one row per person; coded columns are labelled categoricals
    run.trajectories   # one row per sampled person and month
    run.events         # one row per event, with its type's name
    run.metadata       # root attributes and the resolved configuration

    runs = reintegra.load_many(["base-r1.h5", "base-r2.h5", "btb-r1.h5"])
    runs.summary       # every run's summary, with scenario and seed columns
    reintegra.survival(run.agents, "first_arrest", months=run.months)

    reintegra.metrics(files)    # the table of `reintegra metrics --csv`
    reintegra.compare(files)    # the table of `reintegra compare --csv`, same numbers
    reintegra.load_sweep("sweep-out")   # a sweep's tasks, parameters and metrics

Coded columns
-------------
Datasets whose ``units`` attribute is ``code`` (``sex``, ``race``, ``offense``,
``prior_group``, ``status``, ``housing``, ``substance_use``, ``mental_illness``,
``trial_arm`` and the programme states ``<programme>_state``) are read as pandas
Categoricals whose categories are the labels in code order. ``load(path,
labelled=False)`` keeps the integer codes.

The labels come from the dataset's own ``labels`` attribute when it has one, else
from the package's table, ``labels.csv`` (:data:`reintegra.LABELS`). The
attribute is one string (HDF5 variable-length, UTF-8) of ``CODE=LABEL`` entries
separated by semicolons, codes being decimal integers (negative allowed) in any
order, labels free text without ``;`` or ``=``; spaces around either are
ignored::

    labels = "0=male;1=female"
    labels = "-1=not in the trial;0=control;1=offered"

A code present in the data but absent from the labels reads as missing (NaN).
"""
from ._version import __version__
from .contrasts import compare
from .io import SCHEMA_VERSION, Run, RunFileError, Runs, load, load_many
from .labels import LABELS, parse_labels
from .study import metrics
from .survival import kaplan_meier, recidivism, survival
from .sweep import load_sweep

__all__ = ["__version__", "Run", "Runs", "RunFileError", "load", "load_many", "SCHEMA_VERSION",
           "kaplan_meier", "survival", "recidivism", "metrics", "compare", "load_sweep",
           "LABELS", "parse_labels"]
