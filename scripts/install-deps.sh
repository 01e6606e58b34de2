#!/bin/sh
# Install the system packages reintegra needs, when they are missing (Debian 12;
# Ubuntu 22.04 and 24.04 by their own package names).
#
#   scripts/install-deps.sh            what building and `make demo` need
#   scripts/install-deps.sh --test     that, and what the full test suite adds
#   scripts/install-deps.sh --list [--test]   print the package names and stop
#
# As root it runs apt-get update and apt-get install --no-install-recommends;
# otherwise it prints that command, to be run as root, and exits with status 1.
set -eu

usage() {
    sed -n '2,10s/^# \{0,1\}//p' "$0"
    exit "$1"
}

want_test=0
list_only=0
for arg in "$@"; do
    case "$arg" in
    --test) want_test=1 ;;
    --list) list_only=1 ;;
    --build) ;;
    -h | --help) usage 0 ;;
    *) echo "install-deps.sh: unknown option $arg" >&2; usage 2 >&2 ;;
    esac
done

# The distribution, from os-release (ID, then ID_LIKE).
distro=unknown
os_release=${RG_OS_RELEASE:-/etc/os-release} # another file: for tests
if [ -r "$os_release" ]; then
    # shellcheck disable=SC1090
    . "$os_release"
    for id in ${ID:-} ${ID_LIKE:-}; do
        case "$id" in
        debian | ubuntu) distro=$id; break ;;
        esac
    done
fi

# Building the library and the program, and `make demo`: compilers, CMake and the C
# libraries: on a minimal Debian 12, 91 packages, 86 MB to download, 334 MB installed
# (counted before libdeflate-dev and libisal-dev, which add at most four packages,
# a 0.25 MB download).
BUILD="cmake make gcc libc6-dev pkg-config libgsl-dev libhdf5-dev libconfig-dev
librandom123-dev libmicrohttpd-dev zlib1g-dev libdeflate-dev libisal-dev"

# What the full test suite adds: HDF5's command-line tools, Python with h5py and
# pandas and SciPy (and venv, to install the Python package), Open MPI, clang-format,
# Chromium for the report, R with hdf5r and survival: with the above, 419 packages,
# 483 MB to download, 2.0 GB installed (Chromium 0.66 GB and Python 0.65 GB of it).
# Then clang with libFuzzer (the fuzz targets), and Slurm with munge (a one-node
# cluster that runs the guide's array scripts).
TEST="hdf5-tools python3 python3-h5py python3-numpy python3-pandas python3-scipy
python3-matplotlib python3-pytest python3-setuptools python3-wheel python3-venv
libopenmpi-dev openmpi-bin clang-format
r-base-core r-cran-hdf5r r-cran-survival
clang slurm-wlm munge"
# Chromium: a deb on Debian; on Ubuntu, chromium-browser is a deb that installs the snap.
# libFuzzer: its own package on Debian 12; part of clang's dependencies on Ubuntu 22.04.
case "$distro" in
ubuntu) TEST="$TEST chromium-browser" ;;
*) TEST="$TEST chromium libclang-rt-14-dev" ;;
esac

# The man page's test renders it with groff; the zsh completion is checked with zsh.
TEST="$TEST groff-base zsh"

packages=$BUILD
[ "$want_test" -eq 1 ] && packages="$packages $TEST"

if [ "$list_only" -eq 1 ]; then
    echo $packages
    exit 0
fi

have_dpkg=0
command -v dpkg-query >/dev/null 2>&1 && have_dpkg=1
missing=""
for p in $packages; do
    if [ "$have_dpkg" -eq 0 ] ||
        ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if [ "$distro" = unknown ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "reintegra needs (Debian names):$missing" >&2
    echo "This is not Debian or Ubuntu: install the equivalents with your package manager," >&2
    echo "then run make with SKIP_DEPS=1." >&2
    exit 1
fi

command="apt-get update && apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
    echo "reintegra needs system packages that are missing. As root (su, or sudo), run:" >&2
    echo "  $command" >&2
    echo "then run make again (SKIP_DEPS=1 skips this check)." >&2
    exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
