#!/usr/bin/env bash
# Create .venv and install bitext with its extras (fast: CTranslate2, test, ray: --engine ray). torch is pinned to the CPU wheel (2.13.0):
# an unpinned torch would pull a multi-GB CUDA build.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q "torch==2.13.0"
# Editable, in setuptools' default mode: its one remaining message ("Editable installation.") is setuptools'
# note for every editable install of a package-dir layout. The strict mode prints the same note and
# breaks `import bitext.translate` from the repository root (./bitext shadows its link tree); compat is
# deprecated (a warning of its own) and puts the repository root on sys.path, where bitext.translate
# does not exist and `translate` would shadow translate-toolkit's.
.venv/bin/python -m pip install -q -e ".[fast,test,ray]"
