#!/usr/bin/env bash
# The three platform load ratios of issue 11, in one run: for each of telegram, discord and botframework, start the
# bot (Release build, fresh SQLite file, logs at Warning, content watch off) on loopback, run
# ../shared/anchors/compare.sh against it, print its lines, stop the bot. One host per channel, so no run
# sees another channel's rows.
# Usage: bench/load/ratios.sh [seconds] [channel ...]        # default 10 s, all three channels
# Env: ROUNDS (compare.sh pairs, default 2), WARMUP (default 3), BUILD=dir (use that folder's optoutbot.dll),
#   ANCHORS (default: ../shared/anchors beside the repository, else /work/shared/anchors).
# Note: compare.sh's Lua scripts number their updates/activities 1, 2, 3… on every wrk run, so after the warm-up
#   and in later rounds the bot also sees redeliveries of ids it has answered (its dedupe path: Telegram answers
#   them again, Bot Framework drops them). FRESH=1 sets WARMUP=0 ROUNDS=1 and starts a fresh bot per run, so that
#   every measured update is new (cold start included): report both.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
secs=${1:-10}; shift || true
channels=("$@"); (( ${#channels[@]} )) || channels=(telegram discord botframework)
die() { echo "ratios.sh: $*" >&2; exit 2; }
if [[ -z ${ANCHORS:-} ]]; then
  for a in "$repo/../shared/anchors" /work/shared/anchors; do [[ -x $a/compare.sh ]] && { ANCHORS=$(cd "$a" && pwd); break; }; done
fi
[[ -x ${ANCHORS:-}/compare.sh ]] || die "anchors not found; set ANCHORS=/path/to/shared/anchors"
if [[ ${FRESH:-0} == 1 ]]; then export WARMUP=0 ROUNDS=1; fi
if [[ -z ${BUILD:-} ]]; then
  BUILD=$repo/bench/load/.build
  dotnet build -c Release "$repo/src/OptOutBot" -o "$BUILD" -nologo -v q >/dev/null
fi

pid=""; work=$(mktemp -d)
cleanup() { [[ -n $pid ]] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

run() {  # run CHANNEL PORT PATH ENV...: start the bot with ENV, compare, stop
  local channel=$1 port=$2 path=$3; shift 3
  rm -rf "$work/db"; mkdir -p "$work/db"
  (cd "$repo" && exec env "$@" Urls="http://127.0.0.1:$port" Storage__SqlitePath="$work/db/bot.db" \
      Logging__LogLevel__Default=Warning Content__Watch=false dotnet "$BUILD/optoutbot.dll") >"$work/$channel.log" 2>&1 &
  pid=$!
  local i; for i in $(seq 300); do curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break; sleep 0.1; done
  "$ANCHORS/compare.sh" "$channel" "http://127.0.0.1:$port$path" "$secs" 2>&1 | grep -v '^started\|^installing' || true
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
}

key=$(sed -n 's/.*"publicKey"[^"]*"\([0-9a-f]*\)".*/\1/p' "$ANCHORS/discord-interactions-peer/keys.json")
for c in "${channels[@]}"; do
  case $c in
    telegram) run telegram 5091 /telegram/webhook Telegram__BotToken=123:TEST Telegram__Mode=webhook \
                Telegram__WebhookSecret=s3cret Telegram__ConfigureWebhookOnStart=false ;;
    # The anchor replays its pre-signed requests, so replay refusal (on by default) is turned off here only.
    discord) run discord 5092 /discord/interactions Discord__PublicKey="$key" Discord__ApplicationId=123 Discord__RejectReplays=false ;;
    botframework) run botframework 5093 /api/messages BotFramework__AllowUnauthenticatedLocal=true \
                BotFramework__LocalServiceUrl=http://127.0.0.1:18085 ;;
    *) die "unknown channel '$c' (telegram|discord|botframework)" ;;
  esac
done
