#!/usr/bin/env bash
# Idempotent setup for the Discord adapter and its tests: libsodium (the preferred Ed25519 verifier; the adapter falls
# back to OpenSSL's libcrypto 3, which .NET itself needs on Linux, when it is missing). Signing in tests uses libcrypto.
set -euo pipefail
if ldconfig -p 2>/dev/null | grep -q 'libsodium\.so\.23'; then
  exit 0
fi
if command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends libsodium23 >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y --no-install-recommends libsodium23 >/dev/null; }
else
  echo "setup.sh: no apt-get; without libsodium23 the adapter uses OpenSSL libcrypto for Ed25519" >&2
fi
