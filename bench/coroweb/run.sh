#!/usr/bin/env bash
# Requests per second for GET /ping: coroweb (monitor on and off) against a bare Beast coroutine
# server, interleaved in one run so that machine noise hits all of them alike.
#
#   bench/coroweb/run.sh [BUILD_DIR]        (default: build; needs BUILD_DIR/bin/coroweb-example
#                                            and BUILD_DIR/bin/coroweb-bare-server, and wrk)
# Environment: ROUNDS (5), DURATION seconds per measurement (5), CONNECTIONS (50), THREADS (1).
# Prints the median req/s and server CPU per request of each, coroweb/bare, and the monitor's
# overhead both ways (CPU per request is the steadier figure on a busy machine).
set -euo pipefail

build=${1:-build}
rounds=${ROUNDS:-5}
duration=${DURATION:-5}
connections=${CONNECTIONS:-50}
threads=${THREADS:-1}
example="$build/bin/coroweb-example"
bare="$build/bin/coroweb-bare-server"
for f in "$example" "$bare"; do
  [[ -x $f ]] || { echo "run.sh: $f not found; build targets coroweb-example and coroweb-bare-server first" >&2; exit 2; }
done
command -v wrk >/dev/null || { echo "run.sh: wrk not found (apt-get install wrk)" >&2; exit 2; }

tmp=$(mktemp -d)
server_pid=
cleanup() { [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

# Starts "$@" --port 0, waits for its "listening on http://127.0.0.1:PORT" line, sets $port.
start() {
  "$@" --port 0 >"$tmp/out" 2>"$tmp/err" &
  server_pid=$!
  for _ in $(seq 100); do
    port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$tmp/out")
    [[ -n $port ]] && return 0
    sleep 0.05
  done
  echo "run.sh: $* did not start: $(cat "$tmp/err")" >&2
  exit 1
}
stop() { kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=; }

# The server's CPU time so far (user + system, all threads), in clock ticks.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }

# One measurement: a short warm-up, then wrk. Prints req/s and the server's CPU microseconds
# per request; the latter is steadier when other processes compete for the cores.
measure() {
  start "$@"
  wrk -t"$threads" -c"$connections" -d1s "http://127.0.0.1:$port/ping" >/dev/null
  local out c0 c1
  c0=$(cpu_ticks)
  out=$(wrk -t"$threads" -c"$connections" -d"${duration}s" "http://127.0.0.1:$port/ping")
  c1=$(cpu_ticks)
  stop
  awk -v c=$((c1 - c0)) -v hz="$(getconf CLK_TCK)" '
    /^Requests\/sec:/ {rps = $2} / requests in / {n = $1}
    END {printf "%s %.3f\n", rps, c * 1e6 / hz / n}' <<<"$out"
}

declare -A cmd=(
  [bare]="$bare"
  [bare-no-timeout]="$bare --no-timeout"
  [coroweb-monitor-on]="$example"
  [coroweb-monitor-off]="$example --no-monitor"
)
names=(bare bare-no-timeout coroweb-monitor-on coroweb-monitor-off)
declare -A results cpu
echo "GET /ping, wrk -t$threads -c$connections -d${duration}s, $rounds rounds, $(nproc) cores"
for ((r = 0; r < rounds; r++)); do
  # Rotate the order each round, so no server always runs first (or right after another).
  for ((i = 0; i < ${#names[@]}; i++)); do
    name=${names[(i + r) % ${#names[@]}]}
    # shellcheck disable=SC2086
    read -r rps us < <(measure ${cmd[$name]})
    results[$name]+="$rps "
    cpu[$name]+="$us "
    printf '  round %d  %-20s %10.0f req/s  %6.2f us CPU/request\n' $((r + 1)) "$name" "$rps" "$us"
  done
done

median() { tr ' ' '\n' <<<"$1" | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo
echo "medians:"
declare -A med medcpu
for name in "${names[@]}"; do
  med[$name]=$(median "${results[$name]}")
  medcpu[$name]=$(median "${cpu[$name]}")
  printf '  %-20s %10.0f req/s  %6.2f us CPU/request\n' "$name" "${med[$name]}" "${medcpu[$name]}"
done
awk -v on="${med[coroweb-monitor-on]}" -v off="${med[coroweb-monitor-off]}" \
    -v bare="${med[bare]}" -v bare_nt="${med[bare-no-timeout]}" \
    -v con="${medcpu[coroweb-monitor-on]}" -v coff="${medcpu[coroweb-monitor-off]}" 'BEGIN {
  printf "\ncoroweb (monitor on) / bare Beast server, req/s:             %.3f  (target >= 0.9)\n", on / bare
  printf "coroweb (monitor on) / bare Beast server without timeouts:   %.3f\n", on / bare_nt
  printf "monitor overhead, req/s (off -> on):                         %.1f%%  (target <= 3%%)\n", (off - on) / off * 100
  printf "monitor overhead, server CPU per request (off -> on):        %.1f%%\n", (con - coff) / coff * 100
}'
