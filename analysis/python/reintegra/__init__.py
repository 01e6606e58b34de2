"""Read reintegra run files (HDF5 schema version 1) into pandas DataFrames.

    import reintegra
    run = reintegra.load("baseline-r1.h5")
    run.summary        # one row per month
    run.agents         # one row per person
    run.trajectories   # one row per sampled person and month
    run.events         # one row per event, with its type's name
    run.metadata       # root attributes and the resolved configuration

    runs = reintegra.load_many(["base-r1.h5", "base-r2.h5", "btb-r1.h5"])
    runs.summary       # every run's summary, with scenario and seed columns
    reintegra.survival(run.agents, "first_arrest", months=run.months)
"""
from .io import Run, Runs, load, load_many, SCHEMA_VERSION
from .survival import kaplan_meier, survival, recidivism

__all__ = ["Run", "Runs", "load", "load_many", "SCHEMA_VERSION", "kaplan_meier", "survival",
           "recidivism"]
