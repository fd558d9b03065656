#!/usr/bin/env sh
# Installs what the server and browser tests need and pip does not bring, from the Debian packages:
# Virtuoso 7 (virtuoso-t, isql-vt) and headless Chromium with its WebDriver (chromium,
# chromium-driver). Idempotent: a part already installed is left alone. The tests start their own
# Virtuoso and Chromium on 127.0.0.1; the packaged Virtuoso service is not used, so it is stopped and
# disabled where systemd runs it. Without root (or password-less sudo) or apt-get, this says so and
# stops: the server and browser tests then skip, or fail under CI.
set -eu

need_virtuoso=1
need_chromium=1
if command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1; then
    need_virtuoso=0
fi
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
    need_chromium=0
fi
if [ "$need_virtuoso" -eq 0 ] && [ "$need_chromium" -eq 0 ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "tests/servers/setup.sh: no apt-get here; install virtuoso-opensource, chromium and chromium-driver by hand" >&2
    exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO="sudo -n"
else
    echo "tests/servers/setup.sh: installing needs root: sudo apt-get install virtuoso-opensource chromium chromium-driver" >&2
    exit 0
fi

install() {
    if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "$@"; then
        $SUDO apt-get update
        DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "$@"
    fi
}

if [ "$need_virtuoso" -eq 1 ]; then
    # The package asks for a dba password of its own service; give it a random one (letters and digits).
    password=$(LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 20)
    printf '%s\n%s\n' \
        "virtuoso-opensource-7 virtuoso-opensource-7/dba-password password x$password" \
        "virtuoso-opensource-7 virtuoso-opensource-7/dba-password-again password x$password" \
        | $SUDO debconf-set-selections
    install virtuoso-opensource
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
        $SUDO systemctl disable --now virtuoso-opensource-7 >/dev/null 2>&1 || true
    fi
fi
if [ "$need_chromium" -eq 1 ]; then
    install chromium chromium-driver
fi
