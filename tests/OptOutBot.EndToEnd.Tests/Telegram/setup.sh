#!/usr/bin/env bash
# Installs the Telegram Bot API emulator (npm telegram-test-api) used by the Telegram end-to-end tests.
# Idempotent: does nothing when the pinned version is already installed. Needs node + npm.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dir=$here/emulator
version=4.2.1
if [[ -f $dir/node_modules/telegram-test-api/package.json ]] \
   && grep -q "\"version\": \"$version\"" "$dir/node_modules/telegram-test-api/package.json"; then
  echo "telegram-test-api $version already installed in $dir"
  exit 0
fi
command -v npm >/dev/null || { echo "setup.sh: npm not found (install Node.js 20+)" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"
[[ -f package.json ]] || echo '{ "name": "optoutbot-telegram-emulator", "private": true }' > package.json
npm install --no-audit --no-fund --save-exact "telegram-test-api@$version"
echo "telegram-test-api $version installed in $dir"
