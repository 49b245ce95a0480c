#!/usr/bin/env bash
# The endpoint's write path alone, in one JVM (no HTTP, no Payara): TableWriter.insert of 10,000 employees rows,
# 3 warm-ups then the median of 7, rows/s and the writer thread's CPU. Compares two builds when given a second
# classes directory (e.g. of an older commit: git worktree or clone, `mvn -o compile`), alternating them.
#
#   bench/bulk-inprocess.sh [OTHER_CLASSES_DIR]
#
# Settings: BENCH_INPROC_ROUNDS (3 alternations), BENCH_MYSQL_DB (pyql_inproc_bench: created, its table dropped after).
# MariaDB at 127.0.0.1:3306 as root without a password (as the e2e tests); SQLite files in a temp directory.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OTHER=${1:-}
DB=${BENCH_MYSQL_DB:-pyql_inproc_bench}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pyql-inproc.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
(cd "$ROOT" && mvn -B -q -o compile dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt" >/dev/null)
CP=$(cat "$WORK/cp.txt")
builds=("$ROOT/target/classes")
[ -n "$OTHER" ] && builds+=("$OTHER")
for b in "${builds[@]}"; do
    out="$WORK/out-$(echo "$b" | md5sum | cut -c1-8)"
    mkdir -p "$out"
    javac -nowarn -d "$out" -cp "$b:$CP" "$ROOT/bench/inprocess/org/pyql/endpoint/BulkBench.java"
done
mysql -h 127.0.0.1 -u root -e "CREATE DATABASE IF NOT EXISTS \`$DB\`"
for _ in $(seq 1 "${BENCH_INPROC_ROUNDS:-3}"); do
    for b in "${builds[@]}"; do
        out="$WORK/out-$(echo "$b" | md5sum | cut -c1-8)"
        for kind in mysql sqlite; do
            target=$DB
            [ "$kind" = sqlite ] && { rm -f "$WORK"/bulk.db*; target="$WORK/bulk.db"; }
            echo -n "$b: "
            java -Xmx512m -XX:+UseSerialGC -cp "$out:$b:$CP" org.pyql.endpoint.BulkBench "$kind" "$target" 2>/dev/null | tail -n 1
        done
    done
done
mysql -h 127.0.0.1 -u root -e "DROP DATABASE IF EXISTS \`$DB\`"
