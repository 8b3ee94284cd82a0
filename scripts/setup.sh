#!/usr/bin/env bash
# Create .venv and install the generator with what the tests need. Safe to run again:
# it does nothing when the installed packages already match pyproject.toml and the exact
# versions in constraints.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
# The site's PDF (the print edition) is laid out by WeasyPrint, which needs the system's Pango and a
# sans-serif font; its tests read the PDF back with poppler's pdftotext. As root, Debian's packages
# are installed; otherwise this says which are missing.
missing=()
"$PYTHON" -c "import ctypes.util, sys; sys.exit(not ctypes.util.find_library('pangoft2-1.0'))" ||
  missing+=(libpango-1.0-0 libpangoft2-1.0-0)
[ -e /usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf ] ||
  [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-liberation)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
if [ ${#missing[@]} -gt 0 ]; then
  as_root=()
  [ "$(id -u)" = "0" ] || ! sudo -n true 2>/dev/null || as_root=(sudo -n) # a CI runner's sudo asks no password
  if { [ "$(id -u)" = "0" ] || [ ${#as_root[@]} -gt 0 ]; } && command -v apt-get >/dev/null 2>&1; then
    echo "setup: installing Debian's ${missing[*]} (for the site's PDF and its tests)"
    "${as_root[@]}" apt-get update -qq
    "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: missing ${missing[*]}: 'strategy-site build' needs Pango and a font to make the site's PDF," \
      "and its tests need pdftotext; install them, e.g. sudo apt-get install ${missing[*]}" >&2
  fi
fi
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $($PYTHON --version)"
  "$PYTHON" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml constraints.txt | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ]; then
  echo "setup: installing packages (first run only)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e ".[test]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi
