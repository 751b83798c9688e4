#!/usr/bin/env bash
# Compare our web chat endpoint (POST /api/chat, state saved to SQLite) with the bare Kestrel probe, side by side.
# Usage: bench/load/compare-web.sh [TARGET_URL] [seconds]     # default 10 s
#   With no TARGET_URL (or "start"), builds the bot in Release and starts it itself on 127.0.0.1:5094 with a
#   fresh SQLite file in a temp folder and the rate limit off; otherwise TARGET_URL must be the bot's
#   http://127.0.0.1:PORT/api/chat (start it with Web__RateLimitPerMinute=0, or the run is flagged !!).
#   Then, like ../shared/anchors/compare.sh: one unmeasured warm-up on each side (WARMUP s), and
#   wrk -t1 -c$CONNS -d${seconds}s --latency on probe, target, probe, target (ROUNDS pairs): the probe with
#   its own update.lua, the target with web.lua. Prints req/s, p50, p99 of every run, the median probe
#   req/s and the median ratio target/probe. Stops what it started, by PID.
# Env: ROUNDS (default 2), WARMUP (default 3; 0 = none), CONNS (default 32),
#   ANCHORS (default: ../shared/anchors beside the repository, else /work/shared/anchors).
# Goal (issue 2): target >= 60% of the probe's req/s, p99 <= 10 ms.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
target=${1:-start}; secs=${2:-10}
ROUNDS=${ROUNDS:-2}; WARMUP=${WARMUP:-3}; CONNS=${CONNS:-32}
die() { echo "compare-web.sh: $*" >&2; exit 2; }
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
if [[ -z ${ANCHORS:-} ]]; then
  for a in "$repo/../shared/anchors" /work/shared/anchors; do [[ -d $a/kestrel-ceiling ]] && { ANCHORS=$(cd "$a" && pwd); break; }; done
fi
[[ -d ${ANCHORS:-}/kestrel-ceiling ]] || die "kestrel-ceiling anchor not found; set ANCHORS=/path/to/shared/anchors"
[[ $target == start || $target =~ ^http://(127\.[0-9.]+|localhost|\[::1\])(:[0-9]+)?(/.*)?$ ]] || die "TARGET_URL must be http:// on loopback"

pids=(); work=$(mktemp -d)
cleanup() {  # stop what we started, by PID; keep the logs only if something failed
  local rc=$? p
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if (( rc == 0 )); then rm -rf "$work"; else echo "logs: $work" >&2; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

wait_port() {  # wait_port PORT [HOST]: until something accepts TCP there (60 s at most)
  local i
  for i in $(seq 600); do
    (exec 3<>"/dev/tcp/${2:-127.0.0.1}/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  die "nothing listening on ${2:-127.0.0.1}:$1 (logs in $work)"
}

probe_dir=$ANCHORS/kestrel-ceiling
[[ -f $probe_dir/bin/Release/net10.0/kestrel.dll ]] || (cd "$probe_dir" && dotnet build -c Release -nologo -v q) >&2
(cd "$probe_dir" && exec dotnet bin/Release/net10.0/kestrel.dll) >"$work/probe.log" 2>&1 &
pids+=($!); echo "started kestrel probe (pid $!)" >&2
probe=http://127.0.0.1:8082/; probe_lua=$ANCHORS/grammy-webhook/update.lua

if [[ $target == start ]]; then
  (cd "$repo" && dotnet build src/OptOutBot -c Release -nologo -v q) >&2
  dll=$(ls "$repo"/src/OptOutBot/bin/Release/net10.0/optoutbot.dll)
  # Same settings as a real deployment, except: loopback port, a fresh database, quiet logs, no rate limit
  # (every wrk connection comes from 127.0.0.1, one client as far as the limiter can tell).
  (cd "$repo" && Urls=http://127.0.0.1:5094 Storage__Provider=sqlite Storage__SqlitePath="$work/bench.db" \
     Web__RateLimitPerMinute=0 Logging__LogLevel__Default=Warning \
     exec dotnet "$dll" serve) >"$work/bot.log" 2>&1 &
  pids+=($!); echo "started bot (pid $!)" >&2
  target=http://127.0.0.1:5094/api/chat
fi
wait_port 8082
hostport=${target#http://}; hostport=${hostport%%/*}; thost=${hostport%:*}; tport=${hostport##*:}
[[ $hostport == *:* && $hostport != *] ]] || tport=80
[[ $thost == localhost ]] && thost=127.0.0.1
wait_port "$tport" "$thost"
# One real turn first: a target that answers errors would otherwise look very fast.
curl -sf -H 'Content-Type: application/json' -d '{"conversationId":"compare-web-check","text":"comment m'"'"'opposer sur insta ?"}' "$target" >/dev/null \
  || die "the target did not answer a chat turn with 2xx: $target"

to_ms() { awk '{v=$1+0; if ($1~/us$/) v/=1000; else if ($1~/ms$/) v=v; else if ($1~/m$/) v*=60000; else if ($1~/s$/) v*=1000; printf "%.2f", v}' <<<"$1"; }
bench() {  # bench LABEL URL LUA DURATION -> prints a line, sets RPS BAD P99
  local out; out=$(wrk -t1 -c"$CONNS" -d"$4"s --latency -s "$3" "$2" 2>&1) || { echo "$out" >&2; die "wrk failed on $2"; }
  RPS=$(awk '/^Requests\/sec:/{print $2}' <<<"$out")
  [[ -n $RPS && $RPS != 0.00 ]] || { echo "$out" >&2; die "no requests completed against $2"; }
  local p50; p50=$(to_ms "$(awk '$1=="50%"{print $2}' <<<"$out")"); P99=$(to_ms "$(awk '$1=="99%"{print $2}' <<<"$out")")
  BAD=$(awk '/Non-2xx or 3xx/{n+=$NF} /Socket errors/{gsub(",","");n+=$4+$6+$8+$10} END{print n+0}' <<<"$out")
  printf '%-7s %10s req/s   p50 %8s ms   p99 %8s ms%s\n' "$1" "$RPS" "$p50" "$P99" \
    "$([[ $BAD -gt 0 ]] && echo "   !! $BAD non-2xx/socket errors")"
}

echo "== web: probe $probe (update.lua) vs target $target (web.lua); wrk -t1 -c$CONNS -d${secs}s --latency"
median() { sort -n | awk '{a[NR]=$1} END{print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
if (( WARMUP > 0 )); then
  bench warmup "$probe" "$probe_lua" "$WARMUP" >/dev/null
  bench warmup "$target" "$here/web.lua" "$WARMUP" >/dev/null
fi
ratios=(); probes=(); p99s=(); tbad=0
for r in $(seq "$ROUNDS"); do
  bench probe "$probe" "$probe_lua" "$secs"; p=$RPS; probes+=("$p")
  bench target "$target" "$here/web.lua" "$secs"; t=$RPS; tbad=$((tbad + BAD)); p99s+=("$P99")
  ratios+=("$(awk -v t="$t" -v p="$p" 'BEGIN{printf "%.3f", t/p}')")
done
echo "median probe req/s: $(printf '%s\n' "${probes[@]}" | median)"
(( tbad == 0 )) || echo "!! the target answered non-2xx or dropped connections: its req/s and the ratio are not comparable"
ratio=$(printf '%s\n' "${ratios[@]}" | median); p99=$(printf '%s\n' "${p99s[@]}" | median)
echo "ratios target/probe: ${ratios[*]}   median: $ratio   target median p99: $p99 ms"
awk -v r="$ratio" -v p="$p99" 'BEGIN{ok=(r>=0.6 && p<=10); printf "goal (ratio >= 0.60, p99 <= 10 ms): %s\n", ok ? "met" : "NOT met"}'
