#!/usr/bin/env bash
# Benchmarks the data endpoint (role "endpoint") on SQLite and on MariaDB with wrk, against the HTTP floor of the
# same server (GET /pyql/live, a trivial JAX-RS resource), and prints req/s, p50, p99 and the ratio to the floor.
#
#   bench/endpoint-bench.sh                      # both back ends, 10 s per test
#   BENCH_DURATION=30s bench/endpoint-bench.sh   # longer runs
#   BENCH_BACKENDS=sqlite bench/endpoint-bench.sh
#
# Settings (environment): BENCH_DURATION (10s), BENCH_WARMUP (3s), BENCH_THREADS (2), BENCH_CONNECTIONS (16),
# BENCH_BULK_REQUESTS (5, timed bulk inserts of BENCH_BULK_ROWS=10000 rows each), BENCH_BACKENDS ("sqlite mysql"),
# BENCH_PORT_SQLITE (8210), BENCH_PORT_MYSQL (8211), BENCH_MYSQL_HOST/PORT/USER/PASSWORD (127.0.0.1/3306/root/""),
# BENCH_MYSQL_DB (pyql_bench; dropped and re-created), PYQL_JVM_FLAGS (the launcher's defaults, scripts/node-env.sh).
# BENCH_KEEP_NODES=1 leaves the nodes running after the tests until Enter is pressed (for profiling by hand).
# Needs: java, mvn (first build), curl, awk, wrk (installed with apt-get when missing), the mysql client for MariaDB.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/node-env.sh
source "$BENCH_DIR/../scripts/node-env.sh"
export BENCH_LUA_DIR=$BENCH_DIR

DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-3s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
BULK_REQUESTS=${BENCH_BULK_REQUESTS:-5}
BULK_ROWS=${BENCH_BULK_ROWS:-10000}
SEED_ROWS=10000
BACKENDS=${BENCH_BACKENDS:-"sqlite mysql"}
PORT_SQLITE=${BENCH_PORT_SQLITE:-8210}
PORT_MYSQL=${BENCH_PORT_MYSQL:-8211}
MYSQL_HOST=${BENCH_MYSQL_HOST:-127.0.0.1}
MYSQL_PORT=${BENCH_MYSQL_PORT:-3306}
MYSQL_USER=${BENCH_MYSQL_USER:-root}
MYSQL_PASSWORD=${BENCH_MYSQL_PASSWORD:-}
MYSQL_DB=${BENCH_MYSQL_DB:-pyql_bench}
ADMIN_PW="bench-$RANDOM$RANDOM$RANDOM"

log() { echo "[bench] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pyql-bench.XXXXXX")
declare -A NODE_PID=()
MYSQL_CREATED=""

mysql_cli() {
    MYSQL_PWD="$MYSQL_PASSWORD" mysql -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u "$MYSQL_USER" "$@"
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    for b in "${!NODE_PID[@]}"; do
        local pid=${NODE_PID[$b]}
        if kill -0 "$pid" 2>/dev/null; then
            log "stopping the $b node (pid $pid)"
            kill -TERM "$pid" 2>/dev/null || true
            for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
            kill -KILL "$pid" 2>/dev/null || true
            wait "$pid" 2>/dev/null || true
        fi
    done
    if [ -n "$MYSQL_CREATED" ]; then
        mysql_cli -e "DROP DATABASE IF EXISTS \`$MYSQL_DB\`" 2>/dev/null || log "could not drop database $MYSQL_DB"
    fi
    if [ "$rc" -ne 0 ] && [ -z "${BENCH_KEEP_LOGS:-}" ]; then
        for f in "$WORK"/*.log; do
            [ -f "$f" ] || continue
            log "last lines of $(basename "$f"):"
            tail -n 30 "$f" >&2 || true
        done
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- prerequisites ------------------------------------------------------------------------------------------------
command -v curl >/dev/null || die "curl is required"
if ! command -v wrk >/dev/null; then
    log "wrk is missing: apt-get update && apt-get install -y wrk"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >&2 || die "could not install wrk"
fi
case " $BACKENDS " in *" mysql "*)
    command -v mysql >/dev/null || die "the mysql client is required for the MariaDB back end (or BENCH_BACKENDS=sqlite)"
    mysql_cli -e 'SELECT 1' >/dev/null 2>&1 \
        || die "MariaDB is not reachable at $MYSQL_HOST:$MYSQL_PORT as $MYSQL_USER (start it, or BENCH_BACKENDS=sqlite)"
    ;;
esac
pyql_build || die "the build failed"

# ---- nodes --------------------------------------------------------------------------------------------------------
start_node() {   # start_node BACKEND PORT
    local b=$1 port=$2 dir="$WORK/$1"
    mkdir -p "$dir"
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then die "port $port is in use (set BENCH_PORT_$(echo "$b" | tr a-z A-Z))"; fi
    (
        export PYQL_ROLE=endpoint PYQL_DATA_DIR="$dir" PYQL_CLUSTER_INIT_ADMIN_PW="$ADMIN_PW"
        unset PYQL_DATABASES DB_NAMES DB_TYPE
        if [ "$b" = mysql ]; then
            export PYQL_DATABASES="main=mysql://$MYSQL_HOST:$MYSQL_PORT/$MYSQL_DB"
            export PYQL_DB_MAIN_USER="$MYSQL_USER" PYQL_DB_MAIN_PASSWORD="$MYSQL_PASSWORD"
        else
            export PYQL_DATABASES="main=sqlite:main.db"
        fi
        pyql_launch "$port" "$dir/tmp"
    ) >"$WORK/$b.log" 2>&1 &
    NODE_PID[$b]=$!
    log "starting the $b endpoint on port $port (pid ${NODE_PID[$b]}, log in $WORK/$b.log)"
}

wait_ready() {   # wait_ready BACKEND PORT
    local b=$1 port=$2
    for _ in $(seq 1 360); do
        kill -0 "${NODE_PID[$b]}" 2>/dev/null || die "the $b node exited during start"
        if curl -fs -o /dev/null "http://127.0.0.1:$port/pyql/live"; then
            # /pyql/live answers as soon as JAX-RS is up; the data routes need the node's startup to have finished.
            if curl -fs -o /dev/null -u "admin:$ADMIN_PW" "http://127.0.0.1:$port/db/main/tables"; then return 0; fi
        fi
        sleep 0.5
    done
    die "the $b node did not become ready within 180 s"
}

# ---- helpers ------------------------------------------------------------------------------------------------------
# rows_json FIRST COUNT: a JSON array of COUNT stocks-like rows with ids FIRST..FIRST+COUNT-1
rows_json() {
    awk -v first="$1" -v n="$2" 'BEGIN {
        printf "[";
        for (i = 0; i < n; i++) {
            id = first + i;
            printf "%s{\"id\":%d,\"date\":\"2006-01-05\",\"trans\":{\"type\":\"BUY\",\"condition\":{\"limit\":\"36.00\",\"time\":\"EndOfTradingDay\"}},\"symbol\":\"S%d\",\"qty\":%d,\"price\":%d.25,\"after_hours\":%s}",
                (i ? "," : ""), id, id % 1000, id % 500, id % 100, (id % 2 ? "false" : "true");
        }
        printf "]";
    }'
}

TABLE_COLUMNS='[{"name":"id","type":"int","mods":"NOT NULL"},{"name":"date","type":"str","mods":""},{"name":"trans","type":"str","mods":""},{"name":"symbol","type":"str","mods":""},{"name":"qty","type":"int","mods":""},{"name":"price","type":"float","mods":""},{"name":"after_hours","type":"bool","mods":""}]'

api() {   # api METHOD URL [BODY-FILE] -> prints the body; fails on a non-2xx status
    local method=$1 url=$2 file=${3:-} out="$WORK/resp.json" code
    if [ -n "$file" ]; then
        code=$(curl -s -o "$out" -w '%{http_code}' -X "$method" -H "Authentication: Token $TOKEN" \
            -H 'Content-Type: application/json' --data-binary "@$file" "$url")
    else
        code=$(curl -s -o "$out" -w '%{http_code}' -X "$method" -H "Authentication: Token $TOKEN" "$url")
    fi
    [[ "$code" == 2* ]] || die "$method $url -> HTTP $code: $(head -c 400 "$out")"
    cat "$out"
}

run_wrk() {   # run_wrk LABEL DURATION URL SCRIPT [ARGS...] -> "rps p50 p99 non2xx socket_errors"
    local label=$1 duration=$2 url=$3 script=$4
    shift 4
    local out="$WORK/wrk-$label.txt"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -H "Authentication: Token $TOKEN" \
        -s "$BENCH_DIR/$script" "$url" -- "$@" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed ($label)"; }
    local line
    line=$(grep '^BENCH_RESULT' "$out") || { cat "$out" >&2; die "no result from wrk ($label)"; }
    echo "$line" | awk '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        print v["rps"], v["p50_ms"], v["p99_ms"], v["non2xx"], v["socket_errors"] }'
}

RESULTS=()   # "backend|test|rps|p50|p99|errors|ratio|note"

bench_backend() {   # bench_backend BACKEND PORT
    local b=$1 port=$2 base="http://127.0.0.1:$2"
    log "== $b (port $port) == load average: $(cut -d' ' -f1-3 /proc/loadavg)"
    TOKEN=$(curl -fs -u "admin:$ADMIN_PW" "$base/auth/token/user" | sed -n 's/.*"token":"\([^"]*\)".*/\1/p')
    [ -n "$TOKEN" ] || die "could not get a user token from $b"

    local t
    for t in bench_rows bench_ins bench_bulk; do
        printf '{"%s":{"columns":%s,"primary_key":"id","foreign_keys":null}}' "$t" "$TABLE_COLUMNS" >"$WORK/create.json"
        api POST "$base/db/main/table/create" "$WORK/create.json" >/dev/null
    done
    rows_json 1 "$SEED_ROWS" >"$WORK/seed.json"
    local seeded
    seeded=$(api POST "$base/db/main/table/bench_rows/insert" "$WORK/seed.json")
    log "seeded $SEED_ROWS rows through the bulk API: $seeded"

    # name|script|url|args...
    local tests=(
        "floor GET /pyql/live|live.lua|$base/pyql/live"
        "GET by key|get_by_key.lua|$base|/db/main/table/bench_rows/ $SEED_ROWS"
        "POST select, where (10 rows)|select_where.lua|$base|/db/main/table/bench_rows/select $SEED_ROWS"
        "insert 1 row|insert.lua|$base|/db/main/table/bench_ins/insert"
    )
    local floor="" spec name script url args r rps p50 p99 non2xx sockerr errs ratio run=0
    for spec in "${tests[@]}"; do
        IFS='|' read -r name script url args <<<"$spec"
        run=$((run + 1))
        local wargs=() wargs_main=()
        read -r -a wargs <<<"$args"
        wargs_main=("${wargs[@]}")
        if [ "$script" = insert.lua ]; then   # distinct key ranges for the warm-up and the measured run
            wargs=("${wargs[@]}" 100000000)
            wargs_main=("${wargs_main[@]}" 200000000)
        fi
        log "$b: $name (warm-up $WARMUP, then $DURATION)"
        run_wrk "$b-$run-warmup" "$WARMUP" "$url" "$script" "${wargs[@]}" >/dev/null
        r=$(run_wrk "$b-$run" "$DURATION" "$url" "$script" "${wargs_main[@]}")
        read -r rps p50 p99 non2xx sockerr <<<"$r"
        [ -z "$floor" ] && floor=$rps
        errs=$((non2xx + sockerr))
        ratio=$(awk -v a="$rps" -v f="$floor" 'BEGIN { printf "%.2f", a / f }')
        RESULTS+=("$b|$name|$rps|$p50|$p99|$errs|$ratio|")
        log "$b: $name: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $errs, ratio $ratio"
    done

    # Bulk insert: one warm-up request, then BULK_REQUESTS timed requests of BULK_ROWS rows each (curl, sequential).
    local i first times=() sec rows
    for i in $(seq 0 "$BULK_REQUESTS"); do
        first=$((1000000 + i * BULK_ROWS))
        rows_json "$first" "$BULK_ROWS" >"$WORK/bulk.json"
        local code
        code=$(curl -s -o "$WORK/bulk-resp.json" -w '%{http_code} %{time_total}' -X POST \
            -H "Authentication: Token $TOKEN" -H 'Content-Type: application/json' \
            --data-binary "@$WORK/bulk.json" "$base/db/main/table/bench_bulk/insert")
        [[ "$code" == 200* ]] || die "bulk insert -> $code: $(head -c 400 "$WORK/bulk-resp.json")"
        rows=$(sed -n 's/.*"rows":\([0-9]*\).*/\1/p' "$WORK/bulk-resp.json")
        [ "$rows" = "$BULK_ROWS" ] || die "bulk insert reported rows=$rows, expected $BULK_ROWS"
        sec=${code#* }
        if [ "$i" -eq 0 ]; then log "$b: bulk insert warm-up: ${sec}s"; continue; fi
        times+=("$sec")
        log "$b: bulk insert $i/$BULK_REQUESTS: $BULK_ROWS rows in ${sec}s"
    done
    local stats
    stats=$(printf '%s\n' "${times[@]}" | sort -g | awk -v rows="$BULK_ROWS" -v f="$floor" '
        { t[NR] = $1 }
        END {
            med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
            printf "%.1f %.1f %.1f %.2f %.0f\n", 1 / med, med * 1000, t[NR] * 1000, (rows / med) / f, rows / med }')
    read -r rps p50 p99 ratio rows <<<"$stats"
    RESULTS+=("$b|bulk insert $BULK_ROWS rows|$rps|$p50|$p99|0|$ratio|$rows rows/s")
    log "$b: bulk insert: median $p50 ms per $BULK_ROWS rows = $rows rows/s"
    log "$b: done; load average: $(cut -d' ' -f1-3 /proc/loadavg)"
}

# ---- run ----------------------------------------------------------------------------------------------------------
log "machine: $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), load average $(cut -d' ' -f1-3 /proc/loadavg)"
log "wrk -t$THREADS -c$CONNECTIONS, warm-up $WARMUP, duration $DURATION; JVM flags: $PYQL_JVM_FLAGS"
for b in $BACKENDS; do
    case $b in
        sqlite) start_node sqlite "$PORT_SQLITE" ;;
        mysql)
            mysql_cli -e "DROP DATABASE IF EXISTS \`$MYSQL_DB\`; CREATE DATABASE \`$MYSQL_DB\`"
            MYSQL_CREATED=1
            start_node mysql "$PORT_MYSQL" ;;
        *) die "unknown back end '$b' (use sqlite and/or mysql)" ;;
    esac
done
for b in $BACKENDS; do
    if [ "$b" = sqlite ]; then wait_ready sqlite "$PORT_SQLITE"; else wait_ready mysql "$PORT_MYSQL"; fi
done
for b in $BACKENDS; do
    if [ "$b" = sqlite ]; then bench_backend sqlite "$PORT_SQLITE"; else bench_backend mysql "$PORT_MYSQL"; fi
done

echo
echo "pyql endpoint benchmark $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
echo "ratio = req/s / floor req/s of the same node (bulk: rows/s / floor req/s)"
printf '%-7s  %-30s %10s %10s %10s %7s %7s  %s\n' "backend" "test" "req/s" "p50 ms" "p99 ms" "errors" "ratio" ""
for line in "${RESULTS[@]}"; do
    IFS='|' read -r b name rps p50 p99 errs ratio note <<<"$line"
    printf '%-7s  %-30s %10s %10s %10s %7s %7s  %s\n' "$b" "$name" "$rps" "$p50" "$p99" "$errs" "$ratio" "$note"
done
echo "(bulk: req/s = 1 / median time; p50 = median, p99 = slowest of $BULK_REQUESTS requests)"
echo "targets: GET by key >= 0.60 of the floor; bulk insert >= 20000 rows/s on SQLite"

if [ -n "${BENCH_KEEP_NODES:-}" ]; then
    for b in "${!NODE_PID[@]}"; do log "$b node: pid ${NODE_PID[$b]}"; done
    read -r -p "[bench] nodes left running; press Enter to stop them " _ || true
fi
