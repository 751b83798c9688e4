#!/bin/bash
# The delivery and robustness campaign (issue 12): builds the host in Release, then runs bench/campaign/campaign.py
# against it on loopback with fake platforms. Bounded in count and time (about 10-20 minutes on 2 busy cores).
#   bench/campaign/run.sh [phase ...]     phases: forged fuzz redelivery presses kills broadcast-kills (default: all)
# Env: BUILD=dir (skip the build and use that folder's optoutbot.dll), FUZZ_N (20000 per endpoint), KILLS (20), BROADCAST_N (1200 subscribers), BROADCAST_LEASE (unset: the product's 30 s), BROADCAST_API_DELAY (0.05 s).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
if [[ -z "${BUILD:-}" ]]; then
  BUILD="$here/.build"
  dotnet build -c Release "$root/src/OptOutBot" -o "$BUILD" -nologo -v q >/dev/null
fi
exec python3 "$here/campaign.py" --host "$BUILD/optoutbot.dll" --root "$root" "$@"
