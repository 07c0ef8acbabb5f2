#!/usr/bin/env bash
# Run the whole test suite: set up .venv with the test tools, install Debian's chromium
# (browser tests) and PostgreSQL server (gradebook tests) when they are missing, then run
# pytest (extra arguments go to pytest).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_bootstrap.sh
bootstrap_env "[test]"

# Debian packages the tests need, each installed only when missing (apt-get update once):
# chromium for the browser tests, and the PostgreSQL server (initdb, pg_ctl, postgres), on
# which tests/test_grading_postgres.py runs the grading job in a throwaway cluster of its own
# (tests/postgres_server.py starts and stops it; the package's default cluster is not used).
sudo_cmd=""
if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
apt_updated=""
apt_install() {
    if [ -z "$apt_updated" ]; then
        $sudo_cmd apt-get update -qq
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "$@" >/dev/null
}
have_postgres_server() {
    local bin
    for bin in /usr/lib/postgresql/*/bin; do
        if [ -x "$bin/initdb" ] && [ -x "$bin/pg_ctl" ] && [ -x "$bin/postgres" ]; then
            return 0
        fi
    done
    return 1
}

if [ ! -x /usr/bin/chromium ]; then
    echo "==> installing Debian's chromium for the browser tests"
    apt_install chromium
fi
if ! have_postgres_server; then
    echo "==> installing Debian's PostgreSQL server for the gradebook tests"
    apt_install --no-install-recommends postgresql
fi

exec .venv/bin/python -m pytest "$@"
