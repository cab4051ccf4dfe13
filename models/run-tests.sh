#!/usr/bin/env bash
# Runs the models test suite in the project virtualenv (created/updated by scripts/python-env.sh).
set -euo pipefail
models="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="$("$models/../scripts/python-env.sh" | tail -n 1)"
# Deterministic, single-threaded numerics; the suite is sized for a 2-core CI machine.
export XLA_FLAGS="${XLA_FLAGS:---xla_cpu_multi_thread_eigen=false}" OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
export JAX_PLATFORMS=cpu PYTHONDONTWRITEBYTECODE=1
cd "$models"
if [[ $# -eq 0 ]]; then set -- tests; fi
exec "$python" -m pytest -p no:cacheprovider "$@"
