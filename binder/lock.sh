#!/usr/bin/env bash
# Regenerate binder/requirements.txt, the pinned lock of pyproject.toml's dependencies that
# Binder and the two set-up commands install. Existing pins are kept unless pyproject.toml
# needs them changed; pass --upgrade to move everything to the newest allowed versions.
set -euo pipefail
cd "$(dirname "$0")/.."
exec .venv/bin/uv pip compile pyproject.toml --python-version 3.11 --quiet \
    --custom-compile-command "bash binder/lock.sh" -o binder/requirements.txt "$@"
