#!/bin/sh
# Install the system packages reintegra needs (Debian/Ubuntu), when they are missing.
# As root it runs apt-get; otherwise it prints the one command to run.
set -eu

PACKAGES="cmake make gcc pkg-config libgsl-dev libhdf5-dev hdf5-tools libconfig-dev
librandom123-dev python3 python3-h5py python3-numpy python3-pandas python3-matplotlib
python3-pytest libopenmpi-dev openmpi-bin chromium libmicrohttpd-dev"

missing=""
for p in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $p"
    fi
done
[ -z "$missing" ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
    echo "reintegra needs:$missing (no apt-get here: install them with your package manager)" >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "reintegra needs system packages; run:" >&2
    echo "  sudo apt-get install -y$missing" >&2
    exit 1
fi
echo "installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >&2
