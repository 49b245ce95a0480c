#!/usr/bin/env bash
# Benchmarks the data path of a data cluster against the endpoint it is built on, in ONE run on one machine: the same
# workloads (wrk, 16 connections, a 10,000-row table) once through a cluster node (/cluster/{c}/table/..., the table
# replicated to 3 SQLite endpoints) and once directly against one SQLite endpoint (/db/main/table/..., a fourth
# endpoint that belongs to no cluster, since /db writes on a cluster's table are refused). Prints req/s, p50, p99, the
# cluster/direct ratio, the p50 overhead and CPU time per request from /proc of every process involved.
#
#   bench/cluster-bench.sh                       # 10 s per run
#   BENCH_DURATION=30s bench/cluster-bench.sh
#
# Workloads: GET by key (random of 10,000), POST select with a 10-row where, single-row insert (unique keys), bulk
# insert of 10,000 rows (BENCH_BULK_REQUESTS sequential requests after BENCH_WARMUP_ROUNDS warm-up ones). Each
# workload runs direct then through the cluster, back to back (both see about the same background load), after
# BENCH_WARMUP_ROUNDS warm-up rounds of the whole sequence.
# Settings: BENCH_DURATION (10s), BENCH_WARMUP (30s), BENCH_WARMUP_ROUNDS (2), BENCH_THREADS (2), BENCH_CONNECTIONS (16),
# BENCH_BULK_REQUESTS (5), BENCH_BULK_ROWS (10000), BENCH_CLUSTER_NODES (3), BENCH_PORT_BASE (8240: cluster nodes
# from there, endpoints from +10), BENCH_HZ_BASE (5840), PYQL_JVM_FLAGS (scripts/node-env.sh).
# Needs: java, mvn (first build), curl, awk, wrk (installed with apt-get when missing).
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/node-env.sh
source "$BENCH_DIR/../scripts/node-env.sh"
export BENCH_LUA_DIR=$BENCH_DIR

DURATION=${BENCH_DURATION:-10s}
# The JIT needs about a minute of load before the cluster path's figures settle (a routed GET measured 314, 519, 845,
# 1,392, then 1,550 req/s in successive 10-20 s runs on a fresh node, 2026-12-01): warm-up rounds are long.
WARMUP=${BENCH_WARMUP:-30s}
WARMUP_ROUNDS=${BENCH_WARMUP_ROUNDS:-2}
THREADS=${BENCH_THREADS:-2}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
BULK_REQUESTS=${BENCH_BULK_REQUESTS:-5}
BULK_ROWS=${BENCH_BULK_ROWS:-10000}
SEED_ROWS=10000
NODES=${BENCH_CLUSTER_NODES:-3}
PORT_BASE=${BENCH_PORT_BASE:-8240}
HZ_BASE=${BENCH_HZ_BASE:-5840}
REPLICAS=3
ADMIN_PW="bench-$RANDOM$RANDOM$RANDOM"
USER_PW="bench-user-$RANDOM$RANDOM"
CLUSTER=bench
HZ_NAME="pyql-bench-$RANDOM$RANDOM"

log() { echo "[bench] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pyql-cluster-bench.XXXXXX")
declare -A PID=()

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    local name pid
    for name in "${!PID[@]}"; do
        pid=${PID[$name]}
        kill -0 "$pid" 2>/dev/null && kill -TERM "$pid" 2>/dev/null || true
    done
    for name in "${!PID[@]}"; do
        pid=${PID[$name]}
        for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    if [ "$rc" -ne 0 ]; then
        for f in "$WORK"/*.log; do
            [ -f "$f" ] || continue
            log "last lines of $(basename "$f"):"
            tail -n 25 "$f" >&2 || true
        done
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v curl >/dev/null || die "curl is required"
if ! command -v wrk >/dev/null; then
    log "wrk is missing: apt-get update && apt-get install -y wrk"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >&2 || die "could not install wrk"
fi
pyql_build || die "the build failed"

# ---- processes ------------------------------------------------------------------------------------------------------
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
node_port() { echo $((PORT_BASE + $1 - 1)); }        # cluster node I
ep_port() { echo $((PORT_BASE + 10 + $1 - 1)); }     # endpoint I (1..3 replicas, 4 the direct one)

start_cluster_node() {   # start_cluster_node I
    local i=$1 port dir members="" k
    port=$(node_port "$i")
    dir="$WORK/node$i"
    port_busy "$port" && die "port $port is in use (BENCH_PORT_BASE)"
    for k in $(seq 1 "$NODES"); do members+="${members:+,}127.0.0.1:$((HZ_BASE + k - 1))"; done
    mkdir -p "$dir"
    (
        export PYQL_ROLE=cluster PYQL_DATA_DIR="$dir" PYQL_CLUSTER_INIT_ADMIN_PW="$ADMIN_PW" PYQL_CLUSTER_ACTION=init
        export PYQL_CLUSTER_NAME="$HZ_NAME" PYQL_CLUSTER_MEMBERS="$members" PYQL_HZ_INTERFACE=127.0.0.1
        export PYQL_HZ_PORT=$((HZ_BASE + i - 1))
        unset PYQL_DATABASES PYQL_CP_MEMBER_COUNT
        pyql_launch "$port" "$dir/tmp"
    ) >"$WORK/node$i.log" 2>&1 &
    PID[node$i]=$!
    log "cluster node $i on port $port (pid ${PID[node$i]})"
}

start_endpoint() {   # start_endpoint I
    local i=$1 port dir
    port=$(ep_port "$i")
    dir="$WORK/ep$i"
    port_busy "$port" && die "port $port is in use (BENCH_PORT_BASE)"
    mkdir -p "$dir"
    (
        export PYQL_ROLE=endpoint PYQL_DATA_DIR="$dir" PYQL_CLUSTER_INIT_ADMIN_PW="$ADMIN_PW" PYQL_DATABASES="main=sqlite:main.db"
        unset PYQL_CLUSTER_NAME PYQL_CLUSTER_MEMBERS PYQL_TYPE
        pyql_launch "$port" "$dir/tmp"
    ) >"$WORK/ep$i.log" 2>&1 &
    PID[ep$i]=$!
    log "endpoint $i on port $port (pid ${PID[ep$i]})"
}

wait_http() {   # wait_http NAME URL [curl options...]: until URL answers 2xx (at most 300 s)
    local name=$1 url=$2
    shift 2
    for _ in $(seq 1 600); do
        kill -0 "${PID[$name]}" 2>/dev/null || die "$name exited during start"
        curl -fs -o /dev/null "$@" "$url" && return 0
        sleep 0.5
    done
    die "$name not ready within 300 s ($url)"
}

# ---- helpers --------------------------------------------------------------------------------------------------------
rows_json() {   # rows_json FIRST COUNT [with-id]: a JSON array of COUNT stocks-like rows with ids FIRST..
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

api() {   # api TOKEN METHOD URL [BODY-FILE] -> the body; fails on a non-2xx status
    local token=$1 method=$2 url=$3 file=${4:-} out="$WORK/resp.json" code
    local auth=(-H "Authentication: Token $token")
    [ "$token" = "-" ] && auth=()
    if [ -n "$file" ]; then
        code=$(curl -s -o "$out" -w '%{http_code}' -X "$method" "${auth[@]}" -H 'Content-Type: application/json' \
            --data-binary "@$file" "$url")
    else
        code=$(curl -s -o "$out" -w '%{http_code}' -X "$method" "${auth[@]}" "$url")
    fi
    [[ "$code" == 2* ]] || die "$method $url -> HTTP $code: $(head -c 400 "$out")"
    cat "$out"
}
json_field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }

CLK_TCK=$(getconf CLK_TCK)
ticks_of() {   # ticks_of NAME...: utime+stime of the processes, summed, in clock ticks
    local n total=0 t
    for n in "$@"; do
        t=$(awk '{ print $14 + $15 }' "/proc/${PID[$n]}/stat")
        total=$((total + t))
    done
    echo "$total"
}
ALL_CLUSTER=()   # every process of the cluster path: the cluster nodes and the replicas

run_wrk() {   # run_wrk LABEL TOKEN DURATION URL SCRIPT ARGS... -> "rps p50 p99 errors requests ticks_receiving ticks_all"
    local label=$1 token=$2 duration=$3 url=$4 script=$5
    shift 5
    local out="$WORK/wrk-$label.txt" r0 r1 a0 a1 procs
    if [[ "$label" == cluster* ]]; then procs=("${ALL_CLUSTER[@]}"); else procs=(ep4); fi
    r0=$(ticks_of "${procs[0]}"); a0=$(ticks_of "${procs[@]}")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency -H "Authentication: Token $token" \
        -s "$BENCH_DIR/$script" "$url" -- "$@" >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed ($label)"; }
    r1=$(ticks_of "${procs[0]}"); a1=$(ticks_of "${procs[@]}")
    local line
    line=$(grep '^BENCH_RESULT' "$out") || { cat "$out" >&2; die "no result from wrk ($label)"; }
    echo "$line" | awk -v r=$((r1 - r0)) -v a=$((a1 - a0)) '{
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        print v["rps"], v["p50_ms"], v["p99_ms"], v["non2xx"] + v["socket_errors"], v["requests"], r, a }'
}

us_per() { awk -v t="$1" -v hz="$CLK_TCK" -v n="$2" 'BEGIN { printf "%.0f", (n > 0 ? t / hz * 1e6 / n : 0) }'; }

# ---- start ----------------------------------------------------------------------------------------------------------
log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); JVM flags: $PYQL_JVM_FLAGS"
for i in $(seq 1 "$NODES"); do start_cluster_node "$i"; done
for i in $(seq 1 $((REPLICAS + 1))); do start_endpoint "$i"; done
for i in $(seq 1 "$NODES"); do wait_http "node$i" "http://127.0.0.1:$(node_port "$i")/cluster/pyql/ready"; done
for i in $(seq 1 $((REPLICAS + 1))); do
    wait_http "ep$i" "http://127.0.0.1:$(ep_port "$i")/db/main/tables" -u "admin:$ADMIN_PW"
done
ALL_CLUSTER=(node1)
for i in $(seq 2 "$NODES"); do ALL_CLUSTER+=("node$i"); done
for i in $(seq 1 "$REPLICAS"); do ALL_CLUSTER+=("ep$i"); done

C="http://127.0.0.1:$(node_port 1)"
D="http://127.0.0.1:$(ep_port 4)"
printf '{"username":"bench","email":"bench@bench.example.org","password":"%s"}' "$USER_PW" >"$WORK/user.json"
curl -fs -o /dev/null -u "admin:$ADMIN_PW" -H 'Content-Type: application/json' --data-binary "@$WORK/user.json" \
    "$C/auth/user/register" || die "cannot register the bench user"
CTOKEN=$(curl -fs -u "bench:$USER_PW" "$C/auth/token/user" | json_field token)
JOIN=$(curl -fs -u "bench:$USER_PW" "$C/auth/token/join" | json_field join)
DTOKEN=$(curl -fs -u "admin:$ADMIN_PW" "$D/auth/token/user" | json_field token)
[ -n "$CTOKEN" ] && [ -n "$JOIN" ] && [ -n "$DTOKEN" ] || die "could not get the tokens"

for i in $(seq 1 "$REPLICAS"); do
    E="http://127.0.0.1:$(ep_port "$i")"
    uuid=$(curl -fs -u "admin:$ADMIN_PW" "$E/db/main/replication" | sed -n 's/.*"uuid":"\([^"]*\)".*/\1/p')
    svc=$(curl -fs -u "admin:$ADMIN_PW" "$E/auth/token/local" | json_field PYQL_LOCAL_SERVICE_TOKEN)
    [ -n "$uuid" ] && [ -n "$svc" ] || die "endpoint $i: no database uuid or service token"
    printf '{"name":"bench-ep%d","path":"127.0.0.1:%d","token":"%s","database":{"name":"main","uuid":"%s"},"tables":[],"consistency":[]}' \
        "$i" "$(ep_port "$i")" "$svc" "$uuid" >"$WORK/join.json"
    api "$JOIN" POST "$C/cluster/$CLUSTER/join" "$WORK/join.json" >/dev/null
done
log "3 endpoints joined data cluster $CLUSTER"

for t in bench_rows bench_ins bench_bulk; do
    printf '{"%s":{"columns":%s,"primary_key":"id","foreign_keys":null}}' "$t" "$TABLE_COLUMNS" >"$WORK/create.json"
    api "$CTOKEN" POST "$C/cluster/$CLUSTER/table/create" "$WORK/create.json" >/dev/null
    api "$DTOKEN" POST "$D/db/main/table/create" "$WORK/create.json" >/dev/null
done
rows_json 1 "$SEED_ROWS" >"$WORK/seed.json"
api "$CTOKEN" POST "$C/cluster/$CLUSTER/table/bench_rows/insert" "$WORK/seed.json" >/dev/null
api "$DTOKEN" POST "$D/db/main/table/bench_rows/insert" "$WORK/seed.json" >/dev/null
log "seeded $SEED_ROWS rows on both sides"

# ---- runs -----------------------------------------------------------------------------------------------------------
# name|script|cluster path|direct path|args
TESTS=(
    "GET by key|get_by_key.lua|/cluster/$CLUSTER/table/bench_rows/|/db/main/table/bench_rows/|$SEED_ROWS"
    "POST select, where (10 rows)|select_where.lua|/cluster/$CLUSTER/table/bench_rows/select|/db/main/table/bench_rows/select|$SEED_ROWS"
    "insert 1 row (3 replicas)|insert.lua|/cluster/$CLUSTER/table/bench_ins/insert|/db/main/table/bench_ins/insert|"
)
RESULTS=()
declare -A res=()
round=0
phases=()
for k in $(seq 1 "$WARMUP_ROUNDS"); do phases+=(warmup); done
phases+=(measure)
for phase in "${phases[@]}"; do
    round=$((round + 1))
    for spec in "${TESTS[@]}"; do
        IFS='|' read -r name script cpath dpath args <<<"$spec"
        wargs=()
        [ -n "$args" ] && wargs=("$args")
        dur=$DURATION
        [ "$phase" = warmup ] && dur=$WARMUP
        res=()
        for side in direct cluster; do
            path=$dpath token=$DTOKEN base=$D
            [ "$side" = cluster ] && path=$cpath token=$CTOKEN base=$C
            extra=("${wargs[@]}")
            # insert keys: distinct per round and side, so no run collides with an earlier one
            if [ "$script" = insert.lua ]; then
                offset=0
                [ "$side" = cluster ] && offset=50000000
                extra=($((round * 100000000 + offset)))
            fi
            log "$phase: $side: $name ($dur)"
            res[$side]=$(run_wrk "$side-$round-$script" "$token" "$dur" "$base" "$script" "$path" "${extra[@]}")
        done
        [ "$phase" = warmup ] && continue
        read -r drps dp50 dp99 derr dreq drt _ <<<"${res[direct]}"
        read -r crps cp50 cp99 cerr creq crt cat <<<"${res[cluster]}"
        RESULTS+=("$name|$drps|$dp50|$dp99|$derr|$(us_per "$drt" "$dreq")|$crps|$cp50|$cp99|$cerr|$(us_per "$crt" "$creq")|$(us_per "$cat" "$creq")")
    done
done

# bulk: sequential requests of BULK_ROWS rows each, direct and through the cluster alternately
declare -A BULK_T=() BULK_TICKS=()
BULK_T[direct]="" BULK_T[cluster]="" BULK_TICKS[direct]=0 BULK_TICKS[cluster]=0
for i in $(seq $((1 - WARMUP_ROUNDS)) "$BULK_REQUESTS"); do
    first=$((2000000 + (i + WARMUP_ROUNDS) * BULK_ROWS))
    rows_json "$first" "$BULK_ROWS" >"$WORK/bulk.json"
    for side in direct cluster; do
        url="$D/db/main/table/bench_bulk/insert" token=$DTOKEN procs=(ep4)
        [ "$side" = cluster ] && url="$C/cluster/$CLUSTER/table/bench_bulk/insert" token=$CTOKEN procs=("${ALL_CLUSTER[@]}")
        t0=$(ticks_of "${procs[@]}")
        out=$(curl -s -o "$WORK/bulk-resp.json" -w '%{http_code} %{time_total}' -X POST -H "Authentication: Token $token" \
            -H 'Content-Type: application/json' --data-binary "@$WORK/bulk.json" "$url")
        t1=$(ticks_of "${procs[@]}")
        [[ "$out" == 200* ]] || die "$side bulk insert -> $out: $(head -c 400 "$WORK/bulk-resp.json")"
        grep -q "\"rows\":$BULK_ROWS" "$WORK/bulk-resp.json" || die "$side bulk insert did not report $BULK_ROWS rows: $(head -c 400 "$WORK/bulk-resp.json")"
        if [ "$i" -le 0 ]; then log "bulk warm-up $side: ${out#* }s"; continue; fi
        BULK_T[$side]+="${out#* } "
        BULK_TICKS[$side]=$((BULK_TICKS[$side] + t1 - t0))
        log "bulk $i/$BULK_REQUESTS $side: $BULK_ROWS rows in ${out#* }s"
    done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ t[NR] = $1 } END { print (NR % 2) ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }'; }
slowest() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -n 1; }
dmed=$(median <<<"${BULK_T[direct]}"); cmed=$(median <<<"${BULK_T[cluster]}")
dmax=$(slowest <<<"${BULK_T[direct]}"); cmax=$(slowest <<<"${BULK_T[cluster]}")

# ---- report ---------------------------------------------------------------------------------------------------------
echo
echo "pyql cluster vs direct benchmark $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$PYQL_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'),"
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $NODES cluster nodes, $REPLICAS SQLite replicas; wrk -t$THREADS -c$CONNECTIONS -d$DURATION"
echo "direct = one SQLite endpoint (/db); cluster = through cluster node 1 (/cluster/$CLUSTER), table on $REPLICAS replicas"
echo "cpu us/req: direct = the endpoint; cluster rcv = the receiving cluster node; cluster all = every cluster node and replica"
printf '%-30s | %9s %7s %8s %4s %7s | %9s %7s %8s %4s %7s %7s | %6s %8s\n' test "direct/s" p50 p99 err "cpu us" \
    "cluster/s" p50 p99 err "rcv us" "all us" ratio "p50 +ms"
for line in "${RESULTS[@]}"; do
    IFS='|' read -r name drps dp50 dp99 derr dcpu crps cp50 cp99 cerr crcv call <<<"$line"
    ratio=$(awk -v c="$crps" -v d="$drps" 'BEGIN { printf "%.2f", c / d }')
    over=$(awk -v c="$cp50" -v d="$dp50" 'BEGIN { printf "%.2f", c - d }')
    printf '%-30s | %9s %7s %8s %4s %7s | %9s %7s %8s %4s %7s %7s | %6s %8s\n' "$name" "$drps" "$dp50" "$dp99" "$derr" "$dcpu" \
        "$crps" "$cp50" "$cp99" "$cerr" "$crcv" "$call" "$ratio" "$over"
done
drows=$(awk -v t="$dmed" -v n="$BULK_ROWS" 'BEGIN { printf "%.0f", n / t }')
crows=$(awk -v t="$cmed" -v n="$BULK_ROWS" 'BEGIN { printf "%.0f", n / t }')
dbcpu=$(us_per "${BULK_TICKS[direct]}" "$BULK_REQUESTS"); cbcpu=$(us_per "${BULK_TICKS[cluster]}" "$BULK_REQUESTS")
bratio=$(awk -v c="$crows" -v d="$drows" 'BEGIN { printf "%.2f", c / d }')
printf '%-30s | %9s %7s %8s %4s %7s | %9s %7s %8s %4s %7s %7s | %6s %8s\n' "bulk $BULK_ROWS rows (rows/s)" "$drows" \
    "$(awk -v t="$dmed" 'BEGIN { printf "%.0f", t * 1000 }')" "$(awk -v t="$dmax" 'BEGIN { printf "%.0f", t * 1000 }')" 0 "$dbcpu" \
    "$crows" "$(awk -v t="$cmed" 'BEGIN { printf "%.0f", t * 1000 }')" "$(awk -v t="$cmax" 'BEGIN { printf "%.0f", t * 1000 }')" 0 "-" "$cbcpu" \
    "$bratio" "-"
echo "(bulk: p50 = median ms per request of $BULK_ROWS rows, p99 = slowest of $BULK_REQUESTS; cpu us per request)"
echo "targets: reads >= 0.80 of direct with p50 overhead <= 1 ms; replicated insert >= 0.50; replicated bulk >= 0.50"
for line in "${RESULTS[@]}"; do
    IFS='|' read -r name drps dp50 dp99 derr dcpu crps cp50 cp99 cerr crcv call <<<"$line"
    ratio=$(awk -v c="$crps" -v d="$drps" 'BEGIN { printf "%.2f", c / d }')
    over=$(awk -v c="$cp50" -v d="$dp50" 'BEGIN { printf "%.2f", c - d }')
    case $name in
        insert*) awk -v r="$ratio" 'BEGIN { exit !(r >= 0.5) }' && v=met || v=MISSED ;;
        *) awk -v r="$ratio" -v o="$over" 'BEGIN { exit !(r >= 0.8 && o <= 1.0) }' && v=met || v=MISSED ;;
    esac
    echo "  $name: ratio $ratio, p50 +$over ms -> $v"
    if [ "$derr" != 0 ] || [ "$cerr" != 0 ]; then echo "  $name: failed requests (direct $derr, cluster $cerr): the figures are suspect"; fi
done
awk -v r="$bratio" 'BEGIN { exit !(r >= 0.5) }' && v=met || v=MISSED
echo "  bulk insert: ratio $bratio -> $v"
