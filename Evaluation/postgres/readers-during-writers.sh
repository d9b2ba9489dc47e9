#!/usr/bin/env bash
# Lookups from 16 clients against `kakehashi serve` on a PostgreSQL memory, alone and while four
# `kakehashi import` processes write the same 100k-unit TMX into it (overlapping data: one adds
# the units, the others find them present). Loopback only, every load run 15 s.
#
#   usage: Evaluation/postgres/readers-during-writers.sh URL FOLDER
#     URL     a PostgreSQL memory, e.g. the one `kakehashi bench memory --units 1000000
#             --postgres URL` filled (the writers add 100k units to it)
#     FOLDER  a `kakehashi bench serve --folder` folder: the wrk script of its fuzzy lookups
#             (wrk-fuzzy-lookups.lua) and bench-extra-100000.tmx are used
# Needs wrk (`bash .ci/setup --bench`) and a release build with PostgreSQL (`swift build -c release --traits PostgreSQL`).
set -euo pipefail
url=${1:?usage: $0 URL FOLDER}
folder=${2:?usage: $0 URL FOLDER}
cd "$(dirname "$0")/../.."
kakehashi=.build/release/kakehashi
script=$folder/wrk-fuzzy-lookups.lua
for f in "$script" "$folder/bench-extra-100000.tmx" "$kakehashi"; do
    [ -e "$f" ] || { echo "$0: $f is missing" >&2; exit 66; }
done
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
writers=()
trap 'kill "${server:-}" "${writers[@]}" 2>/dev/null || true' EXIT
"$kakehashi" serve --memory "$url" --host 127.0.0.1 --port "$port" --read-only > /dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" > /dev/null && break; sleep 0.2; done
load() { wrk -t2 -c16 -d15s --latency -s "$script" "http://127.0.0.1:$port" | grep -E "^ +(50|99)%|Requests/sec"; }
wrk -t2 -c16 -d10s -s "$script" "http://127.0.0.1:$port" > /dev/null   # warm-up
echo "fuzzy lookups, 16 clients, alone:"
load
start=$(date +%s)
for i in 1 2 3 4; do
    "$kakehashi" import "$folder/bench-extra-100000.tmx" --memory "$url" 2>&1 | sed "s/^/writer $i: /" &
    writers+=($!)
done
sleep 2
echo "fuzzy lookups, 16 clients, while 4 writers import:"
load
wait "${writers[@]}"
writers=()
echo "the 4 writers took $(( $(date +%s) - start )) s"
