#!/usr/bin/env bash
# Benchmarks the data endpoint (role "endpoint") on SQLite and on MariaDB with wrk, against the HTTP floor of the
# same server (GET /pyql/live, a trivial JAX-RS resource), and prints req/s, p50, p99 and the ratio to the floor.
#
#   bench/endpoint-bench.sh                      # both back ends, 10 s per test
#   BENCH_DURATION=30s bench/endpoint-bench.sh   # longer runs
#   BENCH_BACKENDS=sqlite bench/endpoint-bench.sh
#   BENCH_PEERS=mysql-rest bench/endpoint-bench.sh   # runs bench/peer-bench.sh: pyql vs mysql-rest, start time, RSS
#
# Settings (environment): BENCH_DURATION (10s), BENCH_WARMUP (3s per test and round), BENCH_WARMUP_ROUNDS (2), BENCH_THREADS (2), BENCH_CONNECTIONS (16),
# BENCH_BULK_REQUESTS (5, timed bulk inserts of BENCH_BULK_ROWS=10000 rows each), BENCH_BACKENDS ("sqlite mysql"),
# BENCH_PORT_SQLITE (8210), BENCH_PORT_MYSQL (8211), BENCH_MYSQL_HOST/PORT/USER/PASSWORD (127.0.0.1/3306/root/""),
# BENCH_MYSQL_DB (pyql_bench; dropped and re-created), PYQL_JVM_FLAGS (the launcher's defaults, scripts/node-env.sh).
# BENCH_KEEP_NODES=1 leaves the nodes running after the tests until Enter is pressed (for profiling by hand).
# Needs: java, mvn (first build), curl, awk, wrk (when missing it is installed from Debian: apt-get install -y wrk),
# the mysql client for MariaDB.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
# BENCH_PEERS=mysql-rest: the side-by-side run against the peer on MariaDB, plus start time and RSS of each node kind
if [ -n "${BENCH_PEERS:-}" ]; then exec "$BENCH_DIR/peer-bench.sh" "$@"; fi
# shellcheck source=../scripts/node-env.sh
source "$BENCH_DIR/../scripts/node-env.sh"
export BENCH_LUA_DIR=$BENCH_DIR

DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-3s}
WARMUP_ROUNDS=${BENCH_WARMUP_ROUNDS:-2}
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

CLK_TCK=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }   # utime + stime of a process, in clock ticks

run_wrk() {   # run_wrk LABEL PID DURATION URL SCRIPT [ARGS...] -> "rps p50 p99 non2xx socket_errors requests cpu_ticks"
    local label=$1 pid=$2 duration=$3 url=$4 script=$5
    shift 5
    local out="$WORK/wrk-$label.txt" c0 c1
    c0=$(cpu_ticks "$pid")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -H "Authentication: Token $TOKEN" \
        -s "$BENCH_DIR/$script" "$url" -- "$@" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed ($label)"; }
    c1=$(cpu_ticks "$pid")
    local line
    line=$(grep '^BENCH_RESULT' "$out") || { cat "$out" >&2; die "no result from wrk ($label)"; }
    echo "$line" | awk -v cpu=$((c1 - c0)) '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        print v["rps"], v["p50_ms"], v["p99_ms"], v["non2xx"], v["socket_errors"], v["requests"], cpu }'
}

wait_idle() {   # wait_idle BACKEND PID: until the node uses < 5% of a core over a second (JIT done), at most 30 s
    local b=$1 pid=$2 c0 c1 i
    for i in $(seq 1 30); do
        c0=$(cpu_ticks "$pid"); sleep 1; c1=$(cpu_ticks "$pid")
        if [ $(((c1 - c0) * 100)) -lt $((CLK_TCK * 5)) ]; then log "$b: node idle after ${i} s"; return 0; fi
    done
    log "$b: node still busy after 30 s (JIT or GC); measuring anyway"
}

RESULTS=()   # "backend|test|rps|p50|p99|errors|cpu_us_per_req|ratio|cpu ratio|note"
declare -A FLOOR_RPS=() FLOOR_CPU=()

bench_backend() {   # bench_backend BACKEND PORT
    local b=$1 port=$2 base="http://127.0.0.1:$2" pid=${NODE_PID[$1]}
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

    # name|script|url|args...  The floor runs before and after every test: each test's ratio is taken against the
    # mean of its two neighbouring floor runs, so both see about the same background load on a shared machine.
    local floor="floor GET /pyql/live|live.lua|$base/pyql/live"
    local tests=(
        "$floor"
        "GET by key|get_by_key.lua|$base|/db/main/table/bench_rows/ $SEED_ROWS"
        "$floor"
        "POST select, where (10 rows)|select_where.lua|$base|/db/main/table/bench_rows/select $SEED_ROWS"
        "$floor"
        "insert 1 row|insert.lua|$base|/db/main/table/bench_ins/insert"
        "$floor"
    )
    local spec name script url args r rps p50 p99 non2xx sockerr reqs ticks errs cpu run phase
    local -a m_name=() m_rps=() m_p50=() m_p99=() m_errs=() m_cpu=() m_floor=()
    # Warm-up: the same sequence WARMUP_ROUNDS times for WARMUP each (the JIT compiles the whole path with the type
    # profile of the mixed load, so the measured floor runs do not pay for recompilation), then let the JIT queue
    # drain, then the measured runs.
    local phases=() k
    for k in $(seq 1 "$WARMUP_ROUNDS"); do phases+=(warmup); done
    phases+=(settle measure)
    local round=0
    for phase in "${phases[@]}"; do
        round=$((round + 1))
        if [ "$phase" = settle ]; then wait_idle "$b" "$pid"; continue; fi
        run=0
        for spec in "${tests[@]}"; do
            IFS='|' read -r name script url args <<<"$spec"
            run=$((run + 1))
            local wargs=()
            read -r -a wargs <<<"$args"
            if [ "$script" = insert.lua ]; then   # distinct key ranges for each warm-up round and the measured run
                wargs+=($((round * 100000000)))
            fi
            if [ "$phase" = warmup ]; then
                log "$b: warm-up: $name ($WARMUP)"
                run_wrk "$b-$run-warmup" "$pid" "$WARMUP" "$url" "$script" "${wargs[@]}" >/dev/null
                continue
            fi
            log "$b: $name ($DURATION)"
            r=$(run_wrk "$b-$run" "$pid" "$DURATION" "$url" "$script" "${wargs[@]}")
            read -r rps p50 p99 non2xx sockerr reqs ticks <<<"$r"
            errs=$((non2xx + sockerr))
            cpu=$(awk -v t="$ticks" -v hz="$CLK_TCK" -v n="$reqs" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')
            m_name+=("$name"); m_rps+=("$rps"); m_p50+=("$p50"); m_p99+=("$p99"); m_errs+=("$errs"); m_cpu+=("$cpu")
            m_floor+=("$([ "$script" = live.lua ] && echo 1 || echo 0)")
            log "$b: $name: $rps req/s, p50 $p50 ms, p99 $p99 ms, errors $errs, node CPU $cpu us/req"
        done
    done

    # The floor row: mean of its runs (min-max in the note). Tests: ratio to the mean of the neighbouring floors.
    local i n=${#m_name[@]} f_rps=() f_cpu=() f_p50=() f_p99=() f_err=0
    for ((i = 0; i < n; i++)); do
        [ "${m_floor[$i]}" = 1 ] || continue
        f_rps+=("${m_rps[$i]}"); f_cpu+=("${m_cpu[$i]}"); f_p50+=("${m_p50[$i]}"); f_p99+=("${m_p99[$i]}")
        f_err=$((f_err + m_errs[i]))
    done
    local fstat
    fstat=$(printf '%s %s %s %s\n' $(for ((i = 0; i < ${#f_rps[@]}; i++)); do
                echo "${f_rps[$i]} ${f_p50[$i]} ${f_p99[$i]} ${f_cpu[$i]}"; done) | awk '
        { r += $1; p5 += $2; p9 += $3; c += $4; if (NR == 1 || $1 < lo) lo = $1; if ($1 > hi) hi = $1 }
        END { printf "%.1f %.3f %.3f %.0f %.0f %.0f %d\n", r / NR, p5 / NR, p9 / NR, c / NR, lo, hi, NR }')
    local fr fp50 fp99 fcpu flo fhi fn
    read -r fr fp50 fp99 fcpu flo fhi fn <<<"$fstat"
    FLOOR_RPS[$b]=$fr
    FLOOR_CPU[$b]=$fcpu
    RESULTS+=("$b|floor GET /pyql/live|$fr|$fp50|$fp99|$f_err|$fcpu|1.00|1.00|mean of $fn runs, $flo-$fhi req/s")
    local ratio cratio
    for ((i = 0; i < n; i++)); do
        [ "${m_floor[$i]}" = 1 ] && continue
        ratio=$(awk -v a="${m_rps[$i]}" -v x="${m_rps[$((i - 1))]}" -v y="${m_rps[$((i + 1))]}" \
            'BEGIN { printf "%.2f", a / ((x + y) / 2) }')
        cratio=$(awk -v c="${m_cpu[$i]}" -v x="${m_cpu[$((i - 1))]}" -v y="${m_cpu[$((i + 1))]}" \
            'BEGIN { printf "%.2f", ((x + y) / 2) / c }')
        RESULTS+=("$b|${m_name[$i]}|${m_rps[$i]}|${m_p50[$i]}|${m_p99[$i]}|${m_errs[$i]}|${m_cpu[$i]}|$ratio|$cratio|floor around it: ${m_rps[$((i - 1))]}, ${m_rps[$((i + 1))]} req/s")
    done

    # Bulk insert: WARMUP_ROUNDS warm-up requests, then BULK_REQUESTS timed requests of BULK_ROWS rows each
    # (curl, one after the other).
    local first times=() sec rows c0 c1 bulk_ticks=0
    for i in $(seq $((1 - WARMUP_ROUNDS)) "$BULK_REQUESTS"); do
        [ "$i" -eq 1 ] && wait_idle "$b" "$pid"
        first=$((1000000 + (i + WARMUP_ROUNDS) * BULK_ROWS))
        rows_json "$first" "$BULK_ROWS" >"$WORK/bulk.json"
        local code
        c0=$(cpu_ticks "$pid")
        code=$(curl -s -o "$WORK/bulk-resp.json" -w '%{http_code} %{time_total}' -X POST \
            -H "Authentication: Token $TOKEN" -H 'Content-Type: application/json' \
            --data-binary "@$WORK/bulk.json" "$base/db/main/table/bench_bulk/insert")
        c1=$(cpu_ticks "$pid")
        [[ "$code" == 200* ]] || die "bulk insert -> $code: $(head -c 400 "$WORK/bulk-resp.json")"
        rows=$(sed -n 's/.*"rows":\([0-9]*\).*/\1/p' "$WORK/bulk-resp.json")
        [ "$rows" = "$BULK_ROWS" ] || die "bulk insert reported rows=$rows, expected $BULK_ROWS"
        sec=${code#* }
        if [ "$i" -le 0 ]; then log "$b: bulk insert warm-up: ${sec}s"; continue; fi
        times+=("$sec")
        bulk_ticks=$((bulk_ticks + c1 - c0))
        log "$b: bulk insert $i/$BULK_REQUESTS: $BULK_ROWS rows in ${sec}s"
    done
    local stats
    stats=$(printf '%s\n' "${times[@]}" | sort -g | awk -v rows="$BULK_ROWS" '
        { t[NR] = $1 }
        END {
            med = (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2;
            printf "%.2f %.1f %.1f %.0f\n", 1 / med, med * 1000, t[NR] * 1000, rows / med }')
    read -r rps p50 p99 rows <<<"$stats"
    cpu=$(awk -v t="$bulk_ticks" -v hz="$CLK_TCK" -v n="$BULK_REQUESTS" 'BEGIN { printf "%.0f", t / hz * 1e6 / n }')
    ratio=$(awk -v r="$rows" -v f="${FLOOR_RPS[$b]}" 'BEGIN { printf "%.2f", r / f }')
    cratio=$(awk -v c="$cpu" -v f="${FLOOR_CPU[$b]}" -v n="$BULK_ROWS" 'BEGIN { printf "%.2f", f / (c / n) }')
    RESULTS+=("$b|bulk insert $BULK_ROWS rows|$rps|$p50|$p99|0|$cpu|$ratio|$cratio|$rows rows/s")
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
echo "pyql endpoint benchmark $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION (after $WARMUP_ROUNDS x $WARMUP warm-up of each test); JVM flags: $PYQL_JVM_FLAGS"
echo "ratio = req/s / mean req/s of the floor runs just before and after (bulk: rows/s / mean floor req/s)"
echo "cpu us = node CPU time (user+sys) per request; cpu r = floor cpu / cpu (the node's own cost ratio: less"
echo "         sensitive to other load on the machine than req/s, but wrk's share of the CPU is left out)"
printf '%-7s %-29s %9s %8s %8s %6s %8s %6s %6s  %s\n' backend test req/s "p50 ms" "p99 ms" errors "cpu us" ratio "cpu r" ""
for line in "${RESULTS[@]}"; do
    IFS='|' read -r b name rps p50 p99 errs cpu ratio cratio note <<<"$line"
    printf '%-7s %-29s %9s %8s %8s %6s %8s %6s %6s  %s\n' "$b" "$name" "$rps" "$p50" "$p99" "$errs" "$cpu" "$ratio" "$cratio" "$note"
done
echo "(bulk: req/s = 1 / median time, p50 = median, p99 = slowest of $BULK_REQUESTS sequential requests;"
echo " cpu = per request of $BULK_ROWS rows, its ratios compare rows with floor requests)"
echo "targets: GET by key >= 0.60 of the floor; bulk insert >= 20000 rows/s on SQLite"
for line in "${RESULTS[@]}"; do
    IFS='|' read -r b name rps p50 p99 errs cpu ratio cratio note <<<"$line"
    if [ "$name" = "GET by key" ]; then
        awk -v r="$ratio" 'BEGIN { exit !(r >= 0.6) }' && v=met || v=MISSED
        echo "  $b GET by key: ratio $ratio -> $v"
    elif [ "$b" = sqlite ] && [[ "$name" == bulk* ]]; then
        awk -v r="${note%% *}" 'BEGIN { exit !(r >= 20000) }' && v=met || v=MISSED
        echo "  $b bulk insert: ${note} -> $v"
    fi
    if [ "$errs" != 0 ]; then echo "  $b $name: $errs failed requests (non-2xx or socket errors): the figures are suspect"; fi
done

if [ -n "${BENCH_KEEP_NODES:-}" ]; then
    for b in "${!NODE_PID[@]}"; do log "$b node: pid ${NODE_PID[$b]}"; done
    read -r -p "[bench] nodes left running; press Enter to stop them " _ || true
fi
