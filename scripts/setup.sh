#!/usr/bin/env bash
# Installs what Walnut needs on a fresh Debian machine, only what is missing:
#   always:          Java 17+ and Maven (apt)
#   --with-python:   the Python virtualenv for the models and MLflow (.walnut/venv)
#   --with-browser:  Node.js + npm, Debian's chromium (tests drive it with playwright-core; no
#                    tool ever downloads a browser of its own), wrk (collector benchmark), and
#                    `npm ci` in every npm project of the repository whose lock file changed
# Idempotent; called by ./walnut-test (all of it) and by the ./walnut launcher (the basics).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

apt_install() {
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
    echo "setup: please install these Debian packages: $*" >&2
    exit 1
  fi
  local SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  echo "setup: apt-get install $*" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >&2
}

missing=()
java_major() { java -version 2>&1 | sed -nE 's/.*version "([0-9]+).*/\1/p' | head -n1; }
if ! command -v javac >/dev/null || [ "$(java_major)" -lt 17 ]; then missing+=(openjdk-17-jdk-headless); fi
command -v mvn >/dev/null || missing+=(maven)
command -v python3 >/dev/null || missing+=(python3 python3-venv)
if command -v python3 >/dev/null && ! python3 -c 'import venv, ensurepip' 2>/dev/null; then missing+=(python3-venv); fi
with_python=false; with_browser=false
for arg in "$@"; do
  case "$arg" in
    --with-python) with_python=true ;;
    --with-browser) with_browser=true ;;
    *) echo "setup: unknown option $arg (use --with-python, --with-browser)" >&2; exit 2 ;;
  esac
done

if $with_browser; then
  node_major() { node --version 2>/dev/null | sed -nE 's/^v([0-9]+).*/\1/p'; }
  if ! command -v node >/dev/null || [ "$(node_major)" -lt 18 ] || ! command -v npm >/dev/null; then
    missing+=(nodejs npm)
  fi
  command -v chromium >/dev/null || [ -n "${WALNUT_CHROMIUM:-}" ] || missing+=(chromium fonts-liberation)
  command -v wrk >/dev/null || missing+=(wrk)
fi
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi

if $with_python; then
  "$ROOT/scripts/python-env.sh" >/dev/null
fi

if $with_browser; then
  # every npm project of ours (never a dependency's); `npm ci` again only when its lock changed
  while IFS= read -r lock; do
    dir="$(dirname "$lock")"
    stamp="$dir/node_modules/.walnut-lock.sha256"
    wanted="$(sha256sum "$lock" | cut -d' ' -f1)"
    if [ "$(cat "$stamp" 2>/dev/null || true)" != "$wanted" ]; then
      echo "setup: npm ci in ${dir#"$ROOT"/}" >&2
      (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error >&2)
      echo "$wanted" > "$stamp"
    fi
  done < <(find "$ROOT" -name package-lock.json -not -path '*/node_modules/*' \
             -not -path "$ROOT/.walnut/*" -not -path '*/target/*' | sort)
fi
