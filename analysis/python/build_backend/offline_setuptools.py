"""A PEP 517 build backend that is setuptools' own, taken from the setuptools (and
wheel) already installed, so that `pip install` never downloads a build dependency.

pip builds in an isolated environment by default and fills it from an index
(setuptools, then wheel); offline that fails. This module finds the interpreter's
own setuptools and wheel outside that environment (Debian: python3-setuptools and
python3-wheel; or a venv's), puts their folders on sys.path, re-exports
setuptools.build_meta and asks pip for nothing more.
"""
import os
import subprocess
import sys

_MODULES = {"setuptools": "python3-setuptools", "wheel": "python3-wheel"}


def _add_installed(module):
    """Put the folder holding `module`, as the interpreter sees it without pip's
    isolation, on sys.path."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "PYTHONNOUSERSITE", "PYTHONHOME")}
    code = f"import os, {module}; print(os.path.dirname(os.path.dirname({module}.__file__)))"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, check=False)
    folder = found.stdout.strip()
    if found.returncode != 0 or not folder:
        raise ImportError(f"building reintegra needs {module}, which is not installed "
                          f"(Debian: apt-get install {_MODULES[module]})")
    if folder not in sys.path:
        sys.path.append(folder)


for _module in _MODULES:
    try:
        __import__(_module)
    except ImportError:
        _add_installed(_module)

from setuptools.build_meta import *  # noqa: E402,F401,F403
from setuptools.build_meta import __all__  # noqa: E402,F401


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []
