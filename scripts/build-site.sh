#!/usr/bin/env bash
# Build a site (default: Luton, the repository root) into SITE_DIR/site.
#   bash scripts/build-site.sh                       # Luton
#   bash scripts/build-site.sh examples/other-site   # another council
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/strategy-site build "${1:-.}"
