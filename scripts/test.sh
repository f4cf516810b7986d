#!/usr/bin/env bash
# Install what the tests need (venv, packages, Chromium for the browser test), start a temporary
# PostgreSQL server for the store tests (scripts/test_servers.sh; stopped on exit, even on failure)
# and run the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --no-run
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq chromium fonts-wqy-zenhei >/dev/null) || echo "chromium could not be installed; browser tests will skip"
  fi
fi
export HF_HUB_OFFLINE=1 GRADIO_ANALYTICS_ENABLED=False
source scripts/test_servers.sh
trap stop_test_postgres EXIT
trap "exit 130" INT
trap "exit 143" TERM
start_test_postgres
.venv/bin/python -m pytest "$@"
