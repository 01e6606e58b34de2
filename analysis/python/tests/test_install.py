"""`pip install ./analysis/python` into a fresh venv works offline: no index is
consulted (PIP_NO_INDEX), the build takes the setuptools already installed, and the
installed package imports from outside the source tree with the project's version."""
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE = os.path.dirname(HERE)


def offline_env():
    """The environment without pip settings that could point at other packages."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    env.pop("PYTHONPATH", None)
    env["PIP_NO_INDEX"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    return env


def test_pip_install_into_a_venv_offline(tmp_path):
    # A copy: pip builds in the source folder and leaves build/ and *.egg-info there.
    src = tmp_path / "src"
    shutil.copytree(PACKAGE, src, ignore=shutil.ignore_patterns(
        "build", "*.egg-info", "__pycache__", "tests"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", str(venv)],
                   check=True)
    py = str(venv / "bin" / "python")
    r = subprocess.run([py, "-m", "pip", "install", "-q", str(src)], env=offline_env(),
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    probe = ("import os, reintegra, reintegra.labels; "
             "print(reintegra.__version__); print(reintegra.__file__); "
             "print(os.path.exists(os.path.join(os.path.dirname(reintegra.__file__), "
             "'py.typed'))); print(reintegra.LABELS['sex'][1])")
    out = subprocess.run([py, "-c", probe], env=offline_env(), cwd=tmp_path, check=True,
                         capture_output=True, text=True).stdout.split("\n")
    version = os.environ.get("RG_VERSION")
    if version:
        assert out[0] == version, "the package's version is not the project's"
    assert out[1].startswith(str(venv)), out[1]
    assert out[2] == "True" and out[3] == "female"
