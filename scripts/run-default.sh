#!/usr/bin/env bash
# Builds postriderd and starts it on the embedded development config: HTTP on 127.0.0.1:8080
# (form /contact, API /api/send with key "dev-key"), SMTP on 127.0.0.1:2525, and every message
# written as an .eml file into ./postrider-capture. Does all set-up on a fresh Debian 12 machine.
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh >/dev/null
cmake --preset default >/dev/null
cmake --build --preset default --target postriderd
exec build/bin/postriderd serve --default-config "$@"
