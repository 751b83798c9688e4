#!/usr/bin/env bash
# JWT cost on /api/messages: one host that accepts both unauthenticated loopback activities and channel tokens,
# loaded alternately without a token (the anchor's activity.lua) and with a valid pre-minted token
# (botframework-jwt.lua), replies going to the anchor's fake connector. Prints req/s, p50, p99 and the ratio jwt/plain.
# Usage: bench/load/botframework-jwt.sh [seconds]   Env: ROUNDS (default 3), CONNS (32), PORT (5094), WARMUP (5 s each)
# Needs: wrk, node, a Release build (dotnet build -c Release src/OptOutBot), ../shared/anchors beside the repo.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd); root=$(cd "$here/../.." && pwd)
anchors=${ANCHORS:-$root/../shared/anchors}; [[ -d $anchors ]] || anchors=/work/shared/anchors
secs=${1:-10}; ROUNDS=${ROUNDS:-3}; CONNS=${CONNS:-32}; PORT=${PORT:-5094}; WARMUP=${WARMUP:-5}
app=22222222-3333-4444-5555-666666666666; svc=http://127.0.0.1:18085
tmp=$(mktemp -d); pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$tmp"; }
trap cleanup EXIT
wait_port() { for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "nothing on port $1" >&2; exit 2; }

node "$anchors/botframework-peer/fake-connector.mjs" 18085 >"$tmp/connector.log" 2>&1 & pids+=($!)
node "$here/botframework-jwt-cloud.mjs" 18086 "$app" "$svc" "$tmp/token.txt" >"$tmp/cloud.log" 2>&1 & pids+=($!)
wait_port 18085; wait_port 18086
[[ -f $root/src/OptOutBot/bin/Release/net10.0/optoutbot.dll ]] || dotnet build -c Release "$root/src/OptOutBot" -nologo -v q
(cd "$root" && exec env Urls=http://127.0.0.1:$PORT Storage__SqlitePath="$tmp/bot.db" Logging__LogLevel__Default=Warning \
  BotFramework__AllowUnauthenticatedLocal=true BotFramework__LocalServiceUrl=$svc BotFramework__MicrosoftAppId=$app BotFramework__MicrosoftAppPassword=bench \
  BotFramework__OpenIdMetadataUrl=http://127.0.0.1:18086/v1/.well-known/openidconfiguration \
  BotFramework__TokenEndpoint=http://127.0.0.1:18086/token BotFramework__AcceptEmulatorTokens=false \
  dotnet src/OptOutBot/bin/Release/net10.0/optoutbot.dll) >"$tmp/host.log" 2>&1 & pids+=($!)
wait_port "$PORT"
url=http://127.0.0.1:$PORT/api/messages

run() {  # run LABEL LUA ARGS... -> prints a line, sets RPS
  local label=$1 lua=$2; shift 2
  local out; out=$(wrk -t1 -c"$CONNS" -d"$secs"s --latency -s "$lua" "$url" -- "$@")
  RPS=$(awk '/^Requests\/sec:/{print $2}' <<<"$out")
  local bad; bad=$(awk '/Non-2xx/{n+=$NF} /Socket errors/{n+=1} END{print n+0}' <<<"$out")
  printf '%-6s %10s req/s   p50 %9s   p99 %9s%s\n' "$label" "$RPS" "$(awk '$1=="50%"{print $2}' <<<"$out")" \
    "$(awk '$1=="99%"{print $2}' <<<"$out")" "$( (( bad > 0 )) && echo "   !! non-2xx/socket errors")"
}
echo "== /api/messages without and with JWT validation; wrk -t1 -c$CONNS -d${secs}s"
wrk -t1 -c"$CONNS" -d"$WARMUP"s -s "$anchors/botframework-peer/activity.lua" "$url" -- "$svc" >/dev/null
wrk -t1 -c"$CONNS" -d"$WARMUP"s -s "$here/botframework-jwt.lua" "$url" -- "$svc" "$tmp/token.txt" >/dev/null
ratios=()
for _ in $(seq "$ROUNDS"); do
  run plain "$anchors/botframework-peer/activity.lua" "$svc"; p=$RPS
  run jwt "$here/botframework-jwt.lua" "$svc" "$tmp/token.txt"; j=$RPS
  ratios+=("$(awk -v j="$j" -v p="$p" 'BEGIN{printf "%.3f", j/p}')")
done
echo "ratios jwt/plain: ${ratios[*]}   median: $(printf '%s\n' "${ratios[@]}" | sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}')"
