#!/usr/bin/env sh
# Installs what the server tests need and pip does not bring: Virtuoso 7 from the Debian packages.
# Idempotent: nothing happens when virtuoso-t is already installed. (Oxigraph server comes with the
# dev extra.) The tests start their own Virtuoso on 127.0.0.1; the packaged service is not used, so it
# is stopped and disabled where systemd runs it. Without root (or password-less sudo) or apt-get,
# this says so and stops: the server tests then skip, or fail under CI.
set -eu

if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "tests/servers/setup.sh: no apt-get here; install Virtuoso 7 (virtuoso-t, isql-vt) by hand" >&2
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "tests/servers/setup.sh: installing Virtuoso needs root: sudo apt-get install virtuoso-opensource" >&2
    exit 0
fi

# The package asks for a dba password of its own service; give it a random one (letters and digits).
password=$(LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 20)
printf '%s\n%s\n' \
    "virtuoso-opensource-7 virtuoso-opensource-7/dba-password password x$password" \
    "virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password x$password" \
    | $SUDO debconf-set-selections
if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends virtuoso-opensource; then
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends virtuoso-opensource
fi
if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    $SUDO systemctl disable --now virtuoso-opensource-7 >/dev/null 2>&1 || true
fi
