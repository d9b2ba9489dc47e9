#!/usr/bin/env bash
# Ingest workers against one PostgreSQL memory: one `kakehashi import` of a 100k-unit TMX against
# four imports of a quarter each, started at once, into a memory that already holds 10,000 units
# (so every worker writes beside the others with INSERT … ON CONFLICT, as workers sharing an
# archive do). Prints each run's time and the units stored.
#
#   usage: Evaluation/postgres/ingest-workers.sh URL_ONE URL_FOUR FOLDER
#     URL_ONE, URL_FOUR  two empty PostgreSQL databases (`bash .ci/local-postgres` makes one;
#                        `createdb -E UTF8` the other)
#     FOLDER             a `kakehashi bench serve --folder` folder: bench-10000.tmx and
#                        bench-extra-100000.tmx are used
# Needs a release build with PostgreSQL (`swift build -c release --traits PostgreSQL`).
set -euo pipefail
one=${1:?usage: $0 URL_ONE URL_FOUR FOLDER}
four=${2:?usage: $0 URL_ONE URL_FOUR FOLDER}
folder=${3:?usage: $0 URL_ONE URL_FOUR FOLDER}
cd "$(dirname "$0")/../.."
kakehashi=.build/release/kakehashi
for f in "$folder/bench-10000.tmx" "$folder/bench-extra-100000.tmx" "$kakehashi"; do
    [ -e "$f" ] || { echo "$0: $f is missing" >&2; exit 66; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The 100k units in four quarters, each a TMX of its own (same header, every fourth <tu>).
for k in 0 1 2 3; do
    awk -v k="$k" '
        /<tu[ >]/ { inside = 1; n++ }
        !inside || (n - 1) % 4 == k { print }
        /<\/tu>/ { inside = 0 }
    ' "$folder/bench-extra-100000.tmx" > "$work/quarter$k.tmx"
done

seconds() { python3 -c 'import time; print(f"{time.time():.3f}")'; }
units() { "$kakehashi" stats --memory "$1" | awk '/^units/ { print $2 }'; }

for url in "$one" "$four"; do "$kakehashi" import "$folder/bench-10000.tmx" --memory "$url" > /dev/null 2>&1; done

start=$(seconds)
"$kakehashi" import "$folder/bench-extra-100000.tmx" --memory "$one" 2>&1 | sed 's/^/one worker: /'
end=$(seconds)
echo "one worker: $(python3 -c "print(f'{$end - $start:.1f}')") s, $(units "$one") units stored"

start=$(seconds)
pids=()
for k in 0 1 2 3; do
    "$kakehashi" import "$work/quarter$k.tmx" --memory "$four" 2>&1 | sed "s/^/worker $k: /" &
    pids+=($!)
done
wait "${pids[@]}"
end=$(seconds)
echo "four workers: $(python3 -c "print(f'{$end - $start:.1f}')") s, $(units "$four") units stored"
