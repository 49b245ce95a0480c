#!/usr/bin/env bash
# Side-by-side benchmark of this project's data endpoint on MariaDB against a peer REST server on the SAME table,
# plus the start time and memory of every node kind. Interleaved: each round runs every test on every subject one
# after the other, so they all see about the same background load; the figures are medians over the rounds.
#
#   BENCH_PEERS=mysql-rest bench/peer-bench.sh          # pyql vs mysql-rest 0.6.27, plus start time / RSS
#   BENCH_BASELINE_WAR=/tmp/old.war bench/peer-bench.sh # also an older build of pyql (before/after a change)
#   BENCH_STARTUP=0 BENCH_PEERS=mysql-rest bench/peer-bench.sh   # throughput only
#   BENCH_PEERS= BENCH_STARTUP=1 BENCH_ROUNDS=0 bench/peer-bench.sh   # start time / RSS only
#
# Subjects: "pyql" (target/pyql-cluster.war, role endpoint, service token from /auth/token/local), optionally
# "baseline" (BENCH_BASELINE_WAR, same settings) and the peers of BENCH_PEERS: "mysql-rest" is installed with npm
# into target/peers/ (never vendored: `npm install mysql-rest@0.6.27`) and runs with 2 worker processes
# (`-c 2`), no auth, access log off (`--disableAccessLog`).
# Table: `employees(id int primary key, name text, position_id int)` with 10,000 rows (position_id = id % 100, so a
# select by position_id returns 100 rows; no secondary index: a full scan, on both sides).
# Tests: GET by key (random of 10,000), select where position_id = P (100 rows), single-row insert (unique keys, into
# employees_ins: rows inserted into employees would grow the select's result past mysql-rest's _size=100 page),
# and pyql's HTTP floor GET /pyql/live; then bulk inserts of 10,000 rows (pyql and baseline: the peer has no
# comparable bulk API in this form). CPU per request = utime+stime of the subject's processes (all workers for the
# peer) from /proc, and separately MariaDB's (mariadbd) per request.
#
# Settings: BENCH_ROUNDS (3), BENCH_DURATION (15s), BENCH_JIT_WARMUP (30s of each test on each subject once, before
# the rounds), BENCH_WARMUP (3s, before each test of each subject in every round),
# BENCH_THREADS (2), BENCH_CONNECTIONS (16), BENCH_BULK_REQUESTS (5), BENCH_PORT_BASE (8240), BENCH_MYSQL_HOST/PORT/
# USER/PASSWORD (127.0.0.1/3306/root/""), BENCH_MYSQL_DB (pyql_peer_bench; dropped and re-created), BENCH_STARTUP (1:
# start time and RSS of the endpoint, all-in-one and cluster node kinds and of an empty WAR on Payara Micro;
# BENCH_START_VARIANTS=1 (default) adds endpoint starts with AppCDS, lean memory flags and JFR, BENCH_START_C1=1 C1 only),
# BENCH_START_KINDS ("empty endpoint standalone cluster"), BENCH_WAR (target/pyql-cluster.war: the pyql build measured),
# PYQL_JVM_FLAGS (scripts/node-env.sh defaults).
# Needs: java, mvn (first build), curl, awk, the mysql client, wrk (installed with apt-get when missing), npm/node for
# the peer. Run it under /work/wt/e2e-slot on a shared machine.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/node-env.sh
source "$BENCH_DIR/../scripts/node-env.sh"
export BENCH_LUA_DIR=$BENCH_DIR

ROUNDS=${BENCH_ROUNDS:-3}
DURATION=${BENCH_DURATION:-15s}
WARMUP=${BENCH_WARMUP:-3s}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
BULK_REQUESTS=${BENCH_BULK_REQUESTS:-5}
BULK_ROWS=10000
SEED_ROWS=10000
PEERS=${BENCH_PEERS-}
BASELINE_WAR=${BENCH_BASELINE_WAR:-}
STARTUP=${BENCH_STARTUP:-1}
START_KINDS=${BENCH_START_KINDS:-"empty endpoint standalone cluster"}
PYQL_WAR=${BENCH_WAR:-$PYQL_ROOT/target/pyql-cluster.war}
PORT_BASE=${BENCH_PORT_BASE:-8240}
MYSQL_HOST=${BENCH_MYSQL_HOST:-127.0.0.1}
MYSQL_PORT=${BENCH_MYSQL_PORT:-3306}
MYSQL_USER=${BENCH_MYSQL_USER:-root}
MYSQL_PASSWORD=${BENCH_MYSQL_PASSWORD:-}
MYSQL_DB=${BENCH_MYSQL_DB:-pyql_peer_bench}
MYSQL_REST_VERSION=0.6.27
ADMIN_PW="bench-$RANDOM$RANDOM$RANDOM"

log() { echo "[bench] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pyql-peer-bench.XXXXXX")
declare -A PID=() PORT=() TOKEN=()
MYSQL_CREATED=""

mysql_cli() { MYSQL_PWD="$MYSQL_PASSWORD" mysql -h "$MYSQL_HOST" -P "$MYSQL_PORT" -u "$MYSQL_USER" "$@"; }

stop_pid() {   # stop_pid PID: TERM, up to 60 s (an AppCDS dump runs at exit), then KILL (the peer's master takes its workers down with it)
    local pid=$1
    kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    local s
    for s in "${!PID[@]}"; do
        log "stopping $s (pid ${PID[$s]})"
        pkill -TERM -P "${PID[$s]}" 2>/dev/null || true   # the peer's workers (children of this pid only)
        stop_pid "${PID[$s]}"
    done
    if [ -n "$MYSQL_CREATED" ]; then
        mysql_cli -e "DROP DATABASE IF EXISTS \`$MYSQL_DB\`" 2>/dev/null || log "could not drop database $MYSQL_DB"
    fi
    if [ "$rc" -ne 0 ]; then
        for f in "$WORK"/*.log; do
            [ -f "$f" ] || continue
            log "last lines of $(basename "$f"):"
            tail -n 20 "$f" >&2 || true
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
    log "wrk is missing: installing it from Debian (apt-get update && apt-get install -y wrk)"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >&2 || die "could not install wrk"
fi
command -v mysql >/dev/null || die "the mysql client is required"
mysql_cli -e 'SELECT 1' >/dev/null 2>&1 || die "MariaDB is not reachable at $MYSQL_HOST:$MYSQL_PORT as $MYSQL_USER"
pyql_build || die "the build failed"
[ -z "$BASELINE_WAR" ] || [ -f "$BASELINE_WAR" ] || die "BENCH_BASELINE_WAR $BASELINE_WAR does not exist"

PEER_DIR="$PYQL_ROOT/target/peers"
install_mysql_rest() {
    local bin="$PEER_DIR/node_modules/mysql-rest/bin/index.js"
    if [ ! -f "$bin" ] || ! grep -q "\"version\": \"$MYSQL_REST_VERSION\"" "$PEER_DIR/node_modules/mysql-rest/package.json"; then
        command -v npm >/dev/null || die "npm is required for the mysql-rest peer"
        log "installing mysql-rest@$MYSQL_REST_VERSION with npm into $PEER_DIR"
        mkdir -p "$PEER_DIR"
        npm install --prefix "$PEER_DIR" --no-audit --no-fund --loglevel=error "mysql-rest@$MYSQL_REST_VERSION" >&2 \
            || die "npm install mysql-rest failed"
    fi
    echo "$bin"
}

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
now_ms() { date +%s%3N; }
rss_kb() { awk '/^VmRSS:/ { print $2 }' "/proc/$1/status" 2>/dev/null || echo 0; }
CLK_TCK=$(getconf CLK_TCK)
ticks_of() { awk '{ print $14 + $15 }' "/proc/$1/stat" 2>/dev/null || echo 0; }
proc_tree() { echo "$1"; pgrep -P "$1" 2>/dev/null || true; }   # a process and its direct children (peer workers)
tree_ticks() { local t=0 p; for p in $(proc_tree "$1"); do t=$((t + $(ticks_of "$p"))); done; echo "$t"; }
tree_rss() { local t=0 p; for p in $(proc_tree "$1"); do t=$((t + $(rss_kb "$p"))); done; echo "$t"; }
MARIADB_PID=$(pgrep -x mariadbd | head -n 1 || pgrep -x mysqld | head -n 1 || true)
db_ticks() { if [ -n "$MARIADB_PID" ]; then ticks_of "$MARIADB_PID"; else echo 0; fi; }

# launch_pyql NAME PORT ROLE WAR [env...]: starts one pyql node in the background (the java process is $! itself)
launch_pyql() {
    local name=$1 port=$2 role=$3 war=$4 dir="$WORK/$1"
    shift 4
    port_busy "$port" && die "port $port is in use (BENCH_PORT_BASE)"
    mkdir -p "$dir"
    (
        export PYQL_ROLE=$role PYQL_DATA_DIR="$dir" PYQL_CLUSTER_INIT_ADMIN_PW="$ADMIN_PW"
        unset PYQL_DATABASES DB_NAMES DB_TYPE PYQL_CLUSTER_NAME PYQL_CLUSTER_MEMBERS PYQL_CP_MEMBER_COUNT
        local kv
        for kv in "$@"; do export "${kv?}"; done
        pyql_cluster_options
        mkdir -p "$dir/tmp"
        # shellcheck disable=SC2086
        PYQL_PORT=$port exec java -Djava.io.tmpdir="$dir/tmp" $PYQL_JVM_FLAGS "${PYQL_HZ_JVM_OPTS[@]}" \
            -jar "$PYQL_ROOT/target/payara-micro.jar" --deploy "$war" --contextroot / \
            --port "$port" --disablephonehome "${PYQL_HZ_PAYARA_OPTS[@]}" \
            --logproperties "$PYQL_ROOT/payara/logging.properties" \
            --prebootcommandfile "$PYQL_ROOT/payara/pre-boot-commands.asadmin" \
            --postbootcommandfile "$PYQL_ROOT/payara/post-boot-commands.asadmin" \
            --postdeploycommandfile "$PYQL_ROOT/payara/post-deploy-commands.asadmin" ${EXTRA_PAYARA_OPTS:-}
    ) >"$WORK/$name.log" 2>&1 &
    PID[$name]=$!
    PORT[$name]=$port
}

# bulk_request SUBJECT I OFFSET: POSTs request I (0 = warm-up, not recorded) of BULK_ROWS fresh employees (ids from
# 1,000,000 + OFFSET) to SUBJECT's employees_bulk; records its time and the node's CPU in BULK_T / BULK_CPU.
bulk_request() {
    local s=$1 i=$2 off=$3 c0 c1 res
    awk -v first=$((1000000 + off + i * BULK_ROWS)) -v n="$BULK_ROWS" 'BEGIN { printf "["
        for (k = 0; k < n; k++) { id = first + k; printf "%s{\"id\":%d,\"name\":\"employee %d\",\"position_id\":%d}", (k ? "," : ""), id, id, id % 100 }
        printf "]" }' >"$WORK/bulk.json"
    c0=$(tree_ticks "${PID[$s]}")
    res=$(curl -s -o "$WORK/bulk-resp.json" -w '%{http_code} %{time_total}' -X POST -H "Authentication: Token ${TOKEN[$s]}" \
        -H 'Content-Type: application/json' --data-binary "@$WORK/bulk.json" "http://127.0.0.1:${PORT[$s]}/db/main/table/employees_bulk/insert")
    c1=$(tree_ticks "${PID[$s]}")
    [[ "$res" == 200* ]] || die "$s bulk insert -> $res: $(head -c 300 "$WORK/bulk-resp.json")"
    [ "$i" -eq 0 ] && return 0
    BULK_T[$s]+="${res#* } "
    BULK_CPU[$s]+="$(((c1 - c0) * 1000 / CLK_TCK)) "
    log "bulk $i: $s: ${res#* } s, node CPU $(((c1 - c0) * 1000 / CLK_TCK)) ms"
}

wait_url() {   # wait_url NAME URL [curl options]: until URL answers 2xx; at most 300 s
    local name=$1 url=$2
    shift 2
    for _ in $(seq 1 1200); do
        kill -0 "${PID[$name]}" 2>/dev/null || die "$name exited during start (log: $WORK/$name.log)"
        curl -fs -o /dev/null "$@" "$url" && return 0
        sleep 0.25
    done
    die "$name not ready within 300 s ($url)"
}

# ---- start time and memory of each node kind -------------------------------------------------------------------
# Each start is measured with Native Memory Tracking on (about 2% more RSS) so the memory can be broken down; its
# "cpu s" is the JVM's own CPU time from launch to ready (steadier than the wall clock on a shared machine).
STARTUP_LINES=()
NMT_LINES=()
measure_start() {   # measure_start LABEL ROLE|empty READY-URL-PATH EXTRA-JVM-FLAGS [env...]
    local label=$1 role=$2 path=$3 extra=$4 name="start" war="${START_WAR:-$PYQL_WAR}" port=$((PORT_BASE + 30))
    shift 4
    [ "$role" = empty ] && war=$EMPTY_WAR
    local t0 t1 rss_ready rss_load cpu flags="$PYQL_JVM_FLAGS -XX:NativeMemoryTracking=summary $extra"
    t0=$(now_ms)
    if [ "$role" = empty ]; then
        port_busy "$port" && die "port $port is in use"
        mkdir -p "$WORK/$name/tmp"
        # shellcheck disable=SC2086
        java -Djava.io.tmpdir="$WORK/$name/tmp" $flags -jar "$PYQL_ROOT/target/payara-micro.jar" \
            --deploy "$war" --contextroot / --port "$port" --disablephonehome --nohazelcast \
            --logproperties "$PYQL_ROOT/payara/logging.properties" >"$WORK/$name.log" 2>&1 &
        PID[$name]=$!
    else
        PYQL_JVM_FLAGS=$flags launch_pyql "$name" "$port" "$role" "$war" "$@"
    fi
    wait_url "$name" "http://127.0.0.1:$port$path"
    t1=$(now_ms)
    cpu=$(awk -v t="$(ticks_of "${PID[$name]}")" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", t / hz }')
    rss_ready=$(rss_kb "${PID[$name]}")
    # "under load": 5 s of wrk (16 connections) on the readiness URL right after start
    wrk -t"$THREADS" -c"$CONNECTIONS" -d5s "http://127.0.0.1:$port$path" >/dev/null 2>&1 || true
    rss_load=$(rss_kb "${PID[$name]}")
    local nmt
    nmt=$(jcmd "${PID[$name]}" VM.native_memory summary 2>/dev/null | awk '
        /^-/ && /committed=/ { name = $0; sub(/^-[ ]*/, "", name); sub(/[ ]*\(.*/, "", name)
            match($0, /committed=[0-9]+KB/); v = substr($0, RSTART + 10, RLENGTH - 12); if (v + 0 >= 4096) printf "%s %d MB, ", name, v / 1024 }
        /^Total:/ { match($0, /committed=[0-9]+KB/); total = substr($0, RSTART + 10, RLENGTH - 12) }
        END { if (total) printf "total committed %d MB", total / 1024 }')
    STARTUP_LINES+=("$(printf '%-44s %8.1f %7s %8d %9d' "$label" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print (b - a) / 1000 }')" \
        "$cpu" $((rss_ready / 1024)) $((rss_load / 1024)))")
    NMT_LINES+=("$label: $nmt")
    log "start: $label: ready in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1000 }') s (cpu $cpu s), RSS $((rss_ready / 1024)) MB at ready, $((rss_load / 1024)) MB after 5 s of load; NMT: $nmt"
    stop_pid "${PID[$name]}"
    unset "PID[$name]"
    rm -rf "${WORK:?}/$name"
}

EMPTY_WAR="$WORK/empty.war"
make_empty_war() {   # the floor: Payara Micro serving one static file, no application code
    mkdir -p "$WORK/empty/WEB-INF"
    echo ok >"$WORK/empty/index.html"
    printf '<?xml version="1.0" encoding="UTF-8"?>\n<web-app xmlns="https://jakarta.ee/xml/ns/jakartaee" version="6.0"/>\n' \
        >"$WORK/empty/WEB-INF/web.xml"
    (cd "$WORK/empty" && jar cf "$EMPTY_WAR" .)
}

if [ "$STARTUP" = 1 ]; then
    log "== start time (launch to ready) and RSS of each node kind; load average $(cut -d' ' -f1-3 /proc/loadavg)"
    make_empty_war
    SQLITE_EP=(PYQL_DATABASES=main=sqlite:main.db)
    for kind in $START_KINDS; do
        case $kind in
            empty) measure_start "empty WAR (Payara Micro floor)" empty /index.html "" ;;
            endpoint) measure_start "endpoint (SQLite)" endpoint /pyql/ready "" "${SQLITE_EP[@]}" ;;
            standalone) measure_start "all-in-one (standalone, SQLite)" standalone /cluster/pyql/ready "" "${SQLITE_EP[@]}" \
                PYQL_HZ_INTERFACE=127.0.0.1 PYQL_HZ_PORT=$((PORT_BASE + 31)) ;;
            cluster) measure_start "cluster node (1 member, init)" cluster /cluster/pyql/ready "" PYQL_CLUSTER_ACTION=init \
                PYQL_HZ_INTERFACE=127.0.0.1 PYQL_HZ_PORT=$((PORT_BASE + 32)) ;;
            *) die "unknown node kind '$kind' in BENCH_START_KINDS" ;;
        esac
    done
    # BENCH_START_COMPARE="label=WAR[@LIBDIR] ...": endpoint starts of several builds, interleaved over
    # BENCH_START_ROUNDS (2) rounds (before/after a change in one run); @LIBDIR runs a WAR without WEB-INF/lib with
    # the jars of LIBDIR on Payara Micro's class path (--addlibs)
    for round in $(seq 1 "${BENCH_START_ROUNDS:-2}"); do
        for entry in ${BENCH_START_COMPARE:-}; do
            cmp_label=${entry%%=*}; cmp_war=${entry#*=}; cmp_libs=""
            [[ "$cmp_war" == *@* ]] && { cmp_libs=${cmp_war#*@}; cmp_war=${cmp_war%%@*}; }
            START_WAR=$cmp_war EXTRA_PAYARA_OPTS=${cmp_libs:+"--addlibs $cmp_libs"} \
                measure_start "endpoint [$cmp_label] round $round" endpoint /pyql/ready "" "${SQLITE_EP[@]}"
        done
    done
    if [ "${BENCH_START_VARIANTS:-1}" = 1 ]; then   # what JVM settings would buy (endpoint kind)
        if [ "${BENCH_START_C1:-0}" = 1 ]; then
            measure_start "endpoint, C1 only (-XX:TieredStopAtLevel=1)" endpoint /pyql/ready "-XX:TieredStopAtLevel=1" "${SQLITE_EP[@]}"
        fi
        measure_start "endpoint, AppCDS dump run" endpoint /pyql/ready "-XX:ArchiveClassesAtExit=$WORK/cds.jsa" "${SQLITE_EP[@]}"
        if [ -f "$WORK/cds.jsa" ]; then
            log "AppCDS archive: $(($(stat -c %s "$WORK/cds.jsa") / 1048576)) MB"
            measure_start "endpoint, AppCDS archive in use" endpoint /pyql/ready "-XX:SharedArchiveFile=$WORK/cds.jsa" "${SQLITE_EP[@]}"
        fi
        measure_start "endpoint, lean memory flags" endpoint /pyql/ready \
            "-Xms32m -Xmx256m -Xss256k -XX:ReservedCodeCacheSize=64m -XX:MaxHeapFreeRatio=20 -XX:MinHeapFreeRatio=5 -XX:CICompilerCount=2" "${SQLITE_EP[@]}"
        measure_start "endpoint, JFR of the start" endpoint /pyql/ready \
            "-XX:StartFlightRecording=filename=$WORK/start.jfr,settings=profile" "${SQLITE_EP[@]}"
        if [ -f "$WORK/start.jfr" ]; then
            python3 "$BENCH_DIR/jfr-summary.py" "$WORK/start.jfr" 25 >"$WORK/start-jfr.txt" 2>&1 || true
            cp "$WORK/start.jfr" "$PYQL_ROOT/target/bench-start.jfr" 2>/dev/null || true
        fi
    fi
fi

# ---- throughput, interleaved ------------------------------------------------------------------------------------
SUBJECTS=(pyql)
[ -n "$BASELINE_WAR" ] && SUBJECTS+=(baseline)
for p in $PEERS; do
    case $p in mysql-rest) SUBJECTS+=(mysql-rest) ;; *) die "unknown peer '$p' (known: mysql-rest)" ;; esac
done

declare -A R=()   # R[subject|test|round] = "rps p50 p99 errors cpu_us db_us"
TESTS=(floor get select insert)

run_wrk() {   # run_wrk SUBJECT TEST DURATION ROUND -> "rps p50 p99 errors cpu_us db_us"
    local s=$1 t=$2 d=$3 round=$4 port=${PORT[$1]} url script args=() hdr=() out="$WORK/wrk.txt"
    url="http://127.0.0.1:$port"
    if [ "$s" = mysql-rest ]; then
        case $t in
            get) script=get_by_key.lua; args=("/api/$MYSQL_DB.employees/" "$SEED_ROWS") ;;
            select) script=peer_select.lua; args=("/api/$MYSQL_DB.employees" 100) ;;
            insert) script=employee_insert.lua; args=("/api/$MYSQL_DB.employees_ins" $((round * 100000000 + 80000000))) ;;
        esac
    else
        hdr=(-H "Authentication: Token ${TOKEN[$s]}")
        local off=0
        [ "$s" = baseline ] && off=50000000
        case $t in
            floor) script=live.lua ;;
            get) script=get_by_key.lua; args=("/db/main/table/employees/" "$SEED_ROWS") ;;
            select) script=select_position.lua; args=("/db/main/table/employees/select" 100) ;;
            insert) script=employee_insert.lua; args=("/db/main/table/employees_ins/insert" $((round * 100000000 + off))) ;;
        esac
    fi
    local c0 c1 d0 d1
    c0=$(tree_ticks "${PID[$s]}"); d0=$(db_ticks)
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$d" --latency "${hdr[@]}" -s "$BENCH_DIR/$script" "$url" -- "${args[@]}" \
        >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed ($s $t)"; }
    c1=$(tree_ticks "${PID[$s]}"); d1=$(db_ticks)
    grep '^BENCH_RESULT' "$out" | awk -v cpu=$((c1 - c0)) -v db=$((d1 - d0)) -v hz="$CLK_TCK" '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        n = v["requests"] > 0 ? v["requests"] : 1
        printf "%s %s %s %d %.0f %.0f\n", v["rps"], v["p50_ms"], v["p99_ms"], v["non2xx"] + v["socket_errors"],
            cpu / hz * 1e6 / n, db / hz * 1e6 / n }' || { cat "$out" >&2; die "no result from wrk ($s $t)"; }
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) print 0; else print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

if [ "$ROUNDS" -gt 0 ]; then
    mysql_cli -e "DROP DATABASE IF EXISTS \`$MYSQL_DB\`; CREATE DATABASE \`$MYSQL_DB\`"
    MYSQL_CREATED=1
    mysql_cli "$MYSQL_DB" -e "CREATE TABLE employees (id int PRIMARY KEY, name text, position_id int);
        CREATE TABLE employees_ins (id int PRIMARY KEY, name text, position_id int);
        CREATE TABLE employees_bulk (id int PRIMARY KEY, name text, position_id int)"
    awk -v n="$SEED_ROWS" 'BEGIN { printf "INSERT INTO employees VALUES "
        for (i = 1; i <= n; i++) printf "%s(%d,\"employee %d\",%d)", (i > 1 ? "," : ""), i, i, i % 100; print ";" }' \
        | mysql_cli "$MYSQL_DB"
    log "seeded $SEED_ROWS rows into $MYSQL_DB.employees"
    port=$PORT_BASE
    db_env=("PYQL_DATABASES=main=mysql://$MYSQL_HOST:$MYSQL_PORT/$MYSQL_DB" "PYQL_DB_MAIN_USER=$MYSQL_USER" "PYQL_DB_MAIN_PASSWORD=$MYSQL_PASSWORD")
    for s in "${SUBJECTS[@]}"; do
        case $s in
            pyql) launch_pyql pyql "$port" endpoint "$PYQL_WAR" "${db_env[@]}" ;;
            baseline) launch_pyql baseline "$port" endpoint "$BASELINE_WAR" "${db_env[@]}" ;;
            mysql-rest)
                bin=$(install_mysql_rest)
                port_busy "$port" && die "port $port is in use"
                (cd "$WORK" && MYSQL_PWD="$MYSQL_PASSWORD" exec node "$bin" -h "$MYSQL_HOST" -o "$MYSQL_PORT" \
                    -u "$MYSQL_USER" ${MYSQL_PASSWORD:+-p "$MYSQL_PASSWORD"} -r 127.0.0.1 -n "$port" \
                    --mysqlDatabase "$MYSQL_DB" -c 2 --disableAccessLog) >"$WORK/mysql-rest.log" 2>&1 &
                PID[mysql-rest]=$!
                PORT[mysql-rest]=$port ;;
        esac
        log "started $s on port $port (pid ${PID[$s]})"
        port=$((port + 1))
    done
    for s in "${SUBJECTS[@]}"; do
        if [ "$s" = mysql-rest ]; then
            wait_url "$s" "http://127.0.0.1:${PORT[$s]}/api/$MYSQL_DB.employees/1"
        else
            wait_url "$s" "http://127.0.0.1:${PORT[$s]}/db/main/tables" -u "admin:$ADMIN_PW"
            TOKEN[$s]=$(curl -fs -u "admin:$ADMIN_PW" "http://127.0.0.1:${PORT[$s]}/auth/token/local" \
                | sed -n 's/.*"PYQL_LOCAL_SERVICE_TOKEN":"\([^"]*\)".*/\1/p')
            [ -n "${TOKEN[$s]}" ] || die "no service token from $s"
        fi
    done

    # a fresh JVM needs far more than the per-test warm-up before the JIT has compiled the request path (the 17:25
    # run of 2026-12-01 measured the floor at 6,820 -> 724 us of CPU per request over its three rounds, 86 warmed):
    # every test once for BENCH_JIT_WARMUP (30s) on each subject, not measured
    for t in "${TESTS[@]}"; do
        for s in "${SUBJECTS[@]}"; do
            [ "$s" = mysql-rest ] && [ "$t" = floor ] && continue
            run_wrk "$s" "$t" "${BENCH_JIT_WARMUP:-30s}" 9 >/dev/null   # 9: its own insert keys
        done
    done
    for round in $(seq 1 "$ROUNDS"); do
        log "== round $round/$ROUNDS, load average $(cut -d' ' -f1-3 /proc/loadavg)"
        for t in "${TESTS[@]}"; do
            for s in "${SUBJECTS[@]}"; do
                [ "$s" = mysql-rest ] && [ "$t" = floor ] && continue
                run_wrk "$s" "$t" "$WARMUP" "$round" >/dev/null   # warm-up (its own key range for inserts)
                R[$s|$t|$round]=$(run_wrk "$s" "$t" "$DURATION" $((round + 10)))
                log "round $round: $s $t: ${R[$s|$t|$round]} (req/s p50 p99 errors cpu-us db-us)"
            done
        done
    done

    # bulk: BULK_REQUESTS timed requests of 10,000 rows per pyql subject, alternating subjects, after one warm-up each
    declare -A BULK_T=() BULK_CPU=()
    for i in $(seq 0 "$BULK_REQUESTS"); do
        for s in "${SUBJECTS[@]}"; do
            [ "$s" = mysql-rest ] && continue
            off=0; [ "$s" = baseline ] && off=500000000
            bulk_request "$s" "$i" "$off"
        done
    done
    # the same bulk on a SQLite endpoint of the pyql build (started now, so it was not running during the rounds)
    if [ "${BENCH_BULK_SQLITE:-1}" = 1 ]; then
        launch_pyql pyql-sqlite $((PORT_BASE + 20)) endpoint "$PYQL_WAR" PYQL_DATABASES=main=sqlite:main.db
        wait_url pyql-sqlite "http://127.0.0.1:${PORT[pyql-sqlite]}/db/main/tables" -u "admin:$ADMIN_PW"
        TOKEN[pyql-sqlite]=$(curl -fs -u "admin:$ADMIN_PW" "http://127.0.0.1:${PORT[pyql-sqlite]}/auth/token/local" \
            | sed -n 's/.*"PYQL_LOCAL_SERVICE_TOKEN":"\([^"]*\)".*/\1/p')
        printf '{"employees_bulk":{"columns":[{"name":"id","type":"int","mods":"NOT NULL"},{"name":"name","type":"str","mods":""},{"name":"position_id","type":"int","mods":""}],"primary_key":"id","foreign_keys":null}}' \
            >"$WORK/create.json"
        curl -fs -o /dev/null -X POST -H "Authentication: Token ${TOKEN[pyql-sqlite]}" -H 'Content-Type: application/json' \
            --data-binary "@$WORK/create.json" "http://127.0.0.1:${PORT[pyql-sqlite]}/db/main/table/create" \
            || die "could not create employees_bulk on the SQLite endpoint"
        for i in $(seq 0 "$BULK_REQUESTS"); do
            bulk_request pyql-sqlite "$i" 0
        done
        stop_pid "${PID[pyql-sqlite]}"; unset "PID[pyql-sqlite]"
    fi
    if [ "${BENCH_JFR:-1}" = 1 ]; then   # one 10 s GET-by-key run per pyql subject under JFR (not in the medians)
        for s in "${SUBJECTS[@]}"; do
            [ "$s" = mysql-rest ] && continue
            jcmd "${PID[$s]}" JFR.start name=get settings=profile filename="$WORK/get-$s.jfr" >/dev/null 2>&1 || continue
            log "JFR: $s GET by key under profile: $(run_wrk "$s" get 10s 30)"
            jcmd "${PID[$s]}" JFR.stop name=get >/dev/null 2>&1 || true
            python3 "$BENCH_DIR/jfr-summary.py" "$WORK/get-$s.jfr" 25 >"$WORK/get-jfr-$s.txt" 2>&1 || true
            cp "$WORK/get-$s.jfr" "$PYQL_ROOT/target/bench-get-$s.jfr" 2>/dev/null || true
        done
    fi
    for s in "${SUBJECTS[@]}"; do
        [ "$s" = mysql-rest ] && continue
        echo "RSS of $s after the runs: $(($(tree_rss "${PID[$s]}") / 1024)) MB" >>"$WORK/rss.txt"
    done
    [ -n "${PID[mysql-rest]:-}" ] && echo "RSS of mysql-rest (master + 2 workers) after the runs: $(($(tree_rss "${PID[mysql-rest]}") / 1024)) MB" >>"$WORK/rss.txt"
fi

# ---- report -------------------------------------------------------------------------------------------------------
echo
echo "pyql peer benchmark $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$PYQL_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "JVM flags: $PYQL_JVM_FLAGS"
if [ "$STARTUP" = 1 ]; then
    echo
    printf '%-44s %8s %7s %8s %9s\n' "node kind" "ready s" "cpu s" "RSS MB" "RSS load"
    for l in "${STARTUP_LINES[@]}"; do echo "$l"; done
    echo "(ready: launch of the JVM to the first 2xx of the kind's readiness URL; cpu s: the JVM's CPU time until then;"
    echo " RSS load: after 5 s of wrk -c$CONNECTIONS on it; NMT on in all of them)"
    echo "native memory (NMT committed, categories >= 4 MB, after the load):"
    for l in "${NMT_LINES[@]}"; do echo "  $l"; done
    if [ -f "$WORK/start-jfr.txt" ]; then echo "JFR of the endpoint's start (CPU samples):"; sed 's/^/  /' "$WORK/start-jfr.txt"; fi
fi
if [ "$ROUNDS" -gt 0 ]; then
    echo
    echo "wrk -t$THREADS -c$CONNECTIONS -d$DURATION, $ROUNDS interleaved rounds (warm-up $WARMUP before each run), medians; MariaDB table of $SEED_ROWS rows"
    printf '%-26s %-11s %10s %8s %8s %6s %8s %8s\n' test subject req/s "p50 ms" "p99 ms" errors "cpu us" "db us"
    declare -A MED=() MEDCPU=()
    for t in "${TESTS[@]}"; do
        for s in "${SUBJECTS[@]}"; do
            [ "$s" = mysql-rest ] && [ "$t" = floor ] && continue
            col() { for r in $(seq 1 "$ROUNDS"); do echo "${R[$s|$t|$r]}" | awk -v k="$1" '{ print $k }'; done | median; }
            errs=0; for r in $(seq 1 "$ROUNDS"); do errs=$((errs + $(echo "${R[$s|$t|$r]}" | awk '{ print $4 }'))); done
            MED[$s|$t]=$(col 1); MEDCPU[$s|$t]=$(col 5)
            printf '%-26s %-11s %10.0f %8.2f %8.2f %6d %8.0f %8.0f\n' "$t" "$s" "${MED[$s|$t]}" "$(col 2)" "$(col 3)" "$errs" "${MEDCPU[$s|$t]}" "$(col 6)"
        done
    done
    echo "(tests: floor = GET /pyql/live; get = GET by key; select = where position_id = P, 100 rows; insert = 1 row."
    echo " cpu us = CPU of the subject's processes per request, db us = MariaDB's CPU per request)"
    echo
    echo "ratios (median req/s):"
    for s in "${SUBJECTS[@]}"; do
        [ "$s" = pyql ] && continue
        for t in get select insert; do
            awk -v a="${MED[pyql|$t]}" -v b="${MED[$s|$t]}" -v t="$t" -v s="$s" 'BEGIN { printf "  %-7s pyql / %-10s = %5.2fx\n", t, s, (b > 0 ? a / b : 0) }'
        done
    done
    awk -v g="${MED[pyql|get]}" -v f="${MED[pyql|floor]}" -v cg="${MEDCPU[pyql|get]}" -v cf="${MEDCPU[pyql|floor]}" \
        'BEGIN { printf "  get / floor (pyql) = %.2f (req/s), %.2f (floor cpu / get cpu)\n", g / f, cf / cg }'
    if [ -n "$BASELINE_WAR" ]; then
        awk -v g="${MED[baseline|get]}" -v f="${MED[baseline|floor]}" 'BEGIN { printf "  get / floor (baseline) = %.2f\n", g / f }'
    fi
    echo
    echo "bulk insert of $BULK_ROWS rows (median of $BULK_REQUESTS, alternating subjects; MySQL, pyql-sqlite: SQLite):"
    for s in "${SUBJECTS[@]}" pyql-sqlite; do
        [ "$s" = mysql-rest ] && continue
        [ -n "${BULK_T[$s]:-}" ] || continue
        tmed=$(echo "${BULK_T[$s]}" | tr ' ' '\n' | grep . | median)
        cmed=$(echo "${BULK_CPU[$s]}" | tr ' ' '\n' | grep . | median)
        awk -v t="$tmed" -v c="$cmed" -v n="$BULK_ROWS" -v s="$s" \
            'BEGIN { printf "  %-9s %8.0f rows/s (median %.3f s per request), node CPU %.0f ms per request\n", s, n / t, t, c }'
    done
    echo
    cat "$WORK/rss.txt"
    for f in "$WORK"/get-jfr-*.txt; do
        [ -f "$f" ] || continue
        echo
        echo "JFR of GET by key, $(basename "$f" .txt | sed 's/get-jfr-//') (CPU samples of the node):"
        sed 's/^/  /' "$f"
    done
fi
