#!/usr/bin/env bash
# Installs and starts everything the tool-gated test groups need, so that `tests/setup.sh && dotnet test` runs the
# whole suite with nothing skipped. Idempotent: re-running it changes nothing that is already in place.
#   - tests/OptOutBot.EndToEnd.Tests/Telegram/setup.sh   the telegram-test-api emulator (npm ci from the lockfile)
#   - tests/OptOutBot.EndToEnd.Tests/Web/setup.sh        Debian chromium (apt, root) + playwright-core (npm ci)
#   - tests/OptOutBot.Storage.Tests/Postgres/setup.sh    a PostgreSQL cluster with the test role and database (apt, root)
# apt installs use --no-install-recommends. Without root, the apt steps are reported and their groups stay skipped.
set -uo pipefail
cd "$(dirname "$0")/.."
while IFS= read -r script; do
  echo "== $script"
  if ! bash "$script"; then
    echo "!! $script failed: the tests that need it will be skipped with the reason" >&2
  fi
done < <(find tests -mindepth 2 -name setup.sh -not -path '*/node_modules/*' | sort)
exit 0  # a failed step leaves its group skipped (with the reason) rather than stopping the whole run
