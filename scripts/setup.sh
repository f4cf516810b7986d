#!/usr/bin/env bash
# Set up GovQA in ./.venv and run the main job on the bundled sample report:
# ingest it, then answer a question about it. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
  .venv/bin/pip install -q --upgrade pip
fi
# torch first, explicitly: the CPU build. Otherwise sentence-transformers pulls a CUDA build of several GB.
.venv/bin/python -c "import torch" 2>/dev/null || .venv/bin/pip install -q "torch==2.13.0"
.venv/bin/pip install -q -e ".[dev]"
# Scanned PDFs: the OCR engine's OpenCV needs libGL and GLib, and drawing the generator's scanned
# pages needs a CJK font. Installed when missing, as root (CI is); without them OCR tests skip.
if ! .venv/bin/python -c "import cv2" 2>/dev/null || [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && apt-get install -y -qq libgl1 libglib2.0-0 fontconfig fonts-wqy-zenhei >/dev/null) \
      || echo "OCR system libraries could not be installed; scanned-PDF tests will skip"
  fi
fi
# The semantic resolver's phrase vectors (bundled e5): built once here so no question pays for it.
HF_HUB_OFFLINE=1 .venv/bin/python -c "from assistant.understand import semantic; semantic.main()" \
  || echo "semantic readings unavailable (the e5 engine needs AVX2); questions back use the lexical readings"
if [ "${1:-}" = "--no-run" ]; then exit 0; fi
export GOVQA_HOME=${GOVQA_HOME:-.govqa}
.venv/bin/govqa ingest
.venv/bin/govqa figures --table 3
.venv/bin/govqa check
.venv/bin/govqa ask "how many applications did Huachuan County fully disclose in 2020"
