#!/usr/bin/env bash
# Installs what Walnut needs on a fresh Debian machine, only what is missing:
# Java 17+ and Maven (apt), the Python virtualenv for the models and MLflow (.walnut/venv).
# Idempotent; called by ./walnut-test and by the demo launcher.
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
if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi

if [ "${1:-}" = "--with-python" ]; then
  "$ROOT/scripts/python-env.sh" >/dev/null
fi
