#!/usr/bin/env bash
# Checks (and where possible installs) what pycrane needs: a Rust toolchain and CPython 3.11,
# which compiles .py sources to the .pyc files pycrane runs and is the reference for tests.
set -euo pipefail
if ! command -v cargo >/dev/null; then
    echo "setup: cargo not found; install Rust (https://rustup.rs)" >&2
    exit 1
fi
find_py311() {
    for c in "${PYCRANE_PYTHON:-}" python3.11 python3; do
        [ -n "$c" ] || continue
        if command -v "$c" >/dev/null && "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then
            echo "$c"; return 0
        fi
    done
    return 1
}
if ! py=$(find_py311); then
    echo "setup: CPython 3.11 not found; installing python3.11 with apt-get" >&2
    if command -v apt-get >/dev/null; then
        (apt-get update -qq && apt-get install -y -qq python3.11) >&2 || true
    fi
    py=$(find_py311) || { echo "setup: CPython 3.11 is required (set PYCRANE_PYTHON)" >&2; exit 1; }
fi
echo "setup: using $("$py" --version) at $(command -v "$py")"
