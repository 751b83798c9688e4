#!/usr/bin/env bash
# Installs the Telegram Bot API emulator (npm telegram-test-api, pinned in the committed package-lock.json) used by the
# Telegram end-to-end tests. Idempotent: does nothing when it is already installed. Needs node + npm (no root).
# The tests run the same `npm ci` themselves when npm is on PATH; this script only makes it explicit.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$here/emulator
if [[ -f $dir/node_modules/telegram-test-api/package.json ]]; then
  echo "telegram-test-api already installed in $dir"
  exit 0
fi
command -v npm >/dev/null || { echo "setup.sh: npm not found (install Node.js 20+: apt-get install --no-install-recommends nodejs npm)" >&2; exit 1; }
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
echo "telegram-test-api installed in $dir"
