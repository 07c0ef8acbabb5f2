#!/usr/bin/env bash
# Open the course: set up .venv if needed, then serve every lesson with Voila on
# http://127.0.0.1:8866/voila/render/00-start-here.ipynb (the start page; / lists every
# notebook). Extra arguments go to
# `glutelab serve`, e.g. --port 9000 or --no-browser.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/_bootstrap.sh
bootstrap_env ""
exec .venv/bin/glutelab serve "$@"
