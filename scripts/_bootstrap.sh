# Sourced by scripts/course.sh and scripts/test.sh: create or reuse .venv and install the
# pinned environment (binder/requirements.txt, the same lock Binder uses) plus the package.
# Usage: bootstrap_env ""        -> course only
#        bootstrap_env "[test]"  -> course + test tools
set -euo pipefail

bootstrap_env() {
    local extra="$1"
    local py="${PYTHON:-python3}"
    if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        echo "Glute Lab needs Python 3.11 or newer; '$py' is $("$py" --version 2>&1 || echo missing)." >&2
        echo "Set PYTHON=/path/to/python3.11 and run again." >&2
        exit 1
    fi
    if [ ! -x .venv/bin/python ]; then
        echo "==> creating .venv"
        "$py" -m venv .venv
    fi
    # Reinstall only when the lock, the project file or the extra changed.
    local want stamp=.venv/.glutelab-stamp
    want="$(cat pyproject.toml binder/requirements.txt | sha256sum | cut -c1-16)-${extra}"
    if [ ! -f "$stamp" ] || ! grep -qxF -- "$want" "$stamp"; then
        echo "==> installing the pinned environment into .venv"
        .venv/bin/python -m pip install --quiet --disable-pip-version-check "uv>=0.4"
        .venv/bin/uv pip install --quiet --python .venv/bin/python \
            -r binder/requirements.txt -e ".${extra}"
        echo "$want" >> "$stamp"
    fi
    .venv/bin/glutelab install-template >/dev/null
}
