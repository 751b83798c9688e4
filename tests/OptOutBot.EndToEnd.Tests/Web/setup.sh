#!/usr/bin/env bash
# Installs what the web page's headless-browser check needs (idempotent): Debian's chromium, and
# playwright-core from the committed package-lock.json (it drives the system chromium; no browser download).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v chromium >/dev/null 2>&1; then
  if [[ $(id -u) -eq 0 ]]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
  else
    echo "setup.sh: chromium is missing and this is not root; install it with: apt-get install chromium" >&2
    exit 1
  fi
fi
if [[ ! -d $here/node_modules/playwright-core ]]; then
  command -v npm >/dev/null 2>&1 || { echo "setup.sh: npm is missing (apt-get install npm)" >&2; exit 1; }
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi
echo "web page check ready: $(chromium --version 2>/dev/null | head -1), playwright-core $(node -p "require('$here/node_modules/playwright-core/package.json').version")"
