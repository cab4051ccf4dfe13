#!/usr/bin/env bash
# Creates (once) the project's Python virtualenv at <repo>/.walnut/venv and installs the pinned
# models/requirements.txt into it whenever that file changed since the last install.
# Prints the venv's python path on the last line of stdout; everything else goes to stderr,
# so callers can do:  PY="$(scripts/python-env.sh | tail -n 1)"
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="$repo/.walnut/venv"
requirements="$repo/models/requirements.txt"
stamp="$venv/.requirements.sha256"

if [[ ! -f "$requirements" ]]; then
  echo "python-env: $requirements is missing" >&2
  exit 1
fi

base_python="${WALNUT_BASE_PYTHON:-python3}"
if ! command -v "$base_python" >/dev/null 2>&1; then
  echo "python-env: no '$base_python' on PATH; install Python 3.11 or set WALNUT_BASE_PYTHON" >&2
  exit 1
fi

if [[ ! -x "$venv/bin/python" ]]; then
  echo "python-env: creating $venv with $("$base_python" --version 2>&1)" >&2
  mkdir -p "$(dirname "$venv")"
  "$base_python" -m venv "$venv" >&2
fi

wanted="$(sha256sum "$requirements" | cut -d' ' -f1)"
current="$(cat "$stamp" 2>/dev/null || true)"
if [[ "$wanted" != "$current" ]]; then
  echo "python-env: installing $requirements into $venv" >&2
  "$venv/bin/python" -m pip install --disable-pip-version-check -r "$requirements" >&2
  # Written only after a successful install, so a failed one is retried next time.
  echo "$wanted" > "$stamp"
fi

echo "$venv/bin/python"
