#!/usr/bin/env bash
# Benchmarks healing on one machine: one cluster node, two SQLite endpoints and one MySQL endpoint (a fresh database
# on 127.0.0.1:3306, user root, dropped at the end). Measures, from the healing jobs' own results:
#   - snapshot MySQL -> SQLite: a HEAL_BENCH_ROWS-row table (default 200,000) that lives on MySQL fills a new SQLite
#     replica (rows/s of the copy), while one client writes to that table (its longest stall is the cutover's cost);
#   - snapshot SQLite -> MySQL: the same the other way;
#   - replay: a replica stopped for HEAL_BENCH_REPLAY single-row writes (default 3,000) catches up (entries/s);
#   - the cutover's pause of the table's writes (the job says it) and the longest write latency and gap the writing
#     client saw while the job ran.
# Targets (issue 11): snapshot >= 30,000 rows/s, stall <= 1 s.
#
#   /work/wt/e2e-slot bench/heal-bench.sh          (on a shared machine, under the slot wrapper)
#   HEAL_BENCH_ROWS=20000 bench/heal-bench.sh
#
# Settings: HEAL_BENCH_ROWS (200000), HEAL_BENCH_REPLAY (3000), HEAL_BENCH_READY_SECONDS (900: wait for each process), HEAL_BENCH_PORT_BASE (8340: the node, endpoints from +10),
# HEAL_BENCH_HZ_PORT (5940), PYQL_JVM_FLAGS (scripts/node-env.sh). Needs java, mvn (first build), curl, awk, mysql.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=../scripts/node-env.sh
source "$BENCH_DIR/../scripts/node-env.sh"

ROWS=${HEAL_BENCH_ROWS:-200000}
REPLAY=${HEAL_BENCH_REPLAY:-3000}
PORT_BASE=${HEAL_BENCH_PORT_BASE:-8340}
HZ_PORT=${HEAL_BENCH_HZ_PORT:-5940}
CHUNK=10000
READY_SECONDS=${HEAL_BENCH_READY_SECONDS:-900}
ADMIN_PW="hb-$RANDOM$RANDOM$RANDOM"
USER_PW="hb-user-$RANDOM$RANDOM"
MYDB="pyql_heal_bench_$RANDOM$RANDOM"
HZ_NAME="pyql-heal-bench-$RANDOM$RANDOM"

log() { echo "[heal-bench] $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pyql-heal-bench.XXXXXX")
declare -A PID=()
WRITER=""

stop_proc() {   # stop_proc NAME: TERM, then KILL after 20 s
    local pid=${PID[$1]:-}
    [ -n "$pid" ] || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    unset "PID[$1]"
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    [ -n "$WRITER" ] && kill "$WRITER" 2>/dev/null || true
    local name
    for name in "${!PID[@]}"; do stop_proc "$name"; done
    if [ "$rc" -ne 0 ]; then
        for f in "$WORK"/*.log; do
            [ -f "$f" ] || continue
            log "last lines of $(basename "$f"):"
            tail -n 25 "$f" >&2 || true
        done
    fi
    mysql -uroot -h127.0.0.1 -e "DROP DATABASE IF EXISTS \`$MYDB\`" 2>/dev/null || true
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

command -v curl >/dev/null || die "curl is required"
command -v mysql >/dev/null || die "the mysql client is required"
mysql -uroot -h127.0.0.1 -e "CREATE DATABASE \`$MYDB\`" || die "cannot create MySQL database $MYDB"
pyql_build || die "the build failed"

# ---- processes ------------------------------------------------------------------------------------------------------
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
NODE_PORT=$PORT_BASE
ep_port() { echo $((PORT_BASE + 10 + $1 - 1)); }

start_node() {
    local dir="$WORK/node"
    port_busy "$NODE_PORT" && die "port $NODE_PORT is in use (HEAL_BENCH_PORT_BASE)"
    mkdir -p "$dir"
    (
        export PYQL_ROLE=cluster PYQL_DATA_DIR="$dir" PYQL_CLUSTER_INIT_ADMIN_PW="$ADMIN_PW" PYQL_CLUSTER_ACTION=init
        export PYQL_CLUSTER_NAME="$HZ_NAME" PYQL_CLUSTER_MEMBERS="127.0.0.1:$HZ_PORT" PYQL_HZ_INTERFACE=127.0.0.1
        export PYQL_HZ_PORT=$HZ_PORT
        unset PYQL_DATABASES PYQL_CP_MEMBER_COUNT
        pyql_launch "$NODE_PORT" "$dir/tmp"
    ) >>"$WORK/node.log" 2>&1 &
    PID[node]=$!
}

start_endpoint() {   # start_endpoint I LOCATION: endpoint I serving database "main" at LOCATION
    local i=$1 location=$2 port dir
    port=$(ep_port "$i")
    dir="$WORK/ep$i"
    port_busy "$port" && die "port $port is in use (HEAL_BENCH_PORT_BASE)"
    mkdir -p "$dir"
    (
        export PYQL_ROLE=endpoint PYQL_DATA_DIR="$dir" PYQL_CLUSTER_INIT_ADMIN_PW="$ADMIN_PW" PYQL_DATABASES="main=$location"
        export PYQL_DB_MAIN_USER=root PYQL_DB_MAIN_PASSWORD=
        unset PYQL_CLUSTER_NAME PYQL_CLUSTER_MEMBERS PYQL_TYPE
        pyql_launch "$port" "$dir/tmp"
    ) >>"$WORK/ep$i.log" 2>&1 &
    PID[ep$i]=$!
}

wait_http() {   # wait_http NAME URL [curl options...]
    local name=$1 url=$2
    shift 2
    for _ in $(seq 1 $((READY_SECONDS * 2))); do
        kill -0 "${PID[$name]}" 2>/dev/null || die "$name exited during start"
        curl -fs -o /dev/null "$@" "$url" && return 0
        sleep 0.5
    done
    die "$name not ready within $READY_SECONDS s ($url)"
}
wait_endpoint() { wait_http "ep$1" "http://127.0.0.1:$(ep_port "$1")/db/main/tables" -u "admin:$ADMIN_PW"; }

api() {   # api TOKEN METHOD URL [BODY-FILE] -> the body; fails on a non-2xx status
    local token=$1 method=$2 url=$3 file=${4:-} out="$WORK/resp.json" code
    if [ -n "$file" ]; then
        code=$(curl -s -o "$out" -w '%{http_code}' -X "$method" -H "Authentication: Token $token" \
            -H 'Content-Type: application/json' --data-binary "@$file" "$url")
    else
        code=$(curl -s -o "$out" -w '%{http_code}' -X "$method" -H "Authentication: Token $token" "$url")
    fi
    [[ "$code" == 2* ]] || die "$method $url -> HTTP $code: $(head -c 400 "$out")"
    cat "$out"
}
json_field() { sed -n "s/.*\"$1\":\"\\([^\"]*\\)\".*/\\1/p"; }

rows_json() {   # rows_json FIRST COUNT
    awk -v first="$1" -v n="$2" 'BEGIN {
        printf "[";
        for (i = 0; i < n; i++) {
            id = first + i;
            printf "%s{\"id\":%d,\"name\":\"row-%d\",\"qty\":%d,\"pad\":\"%s\"}", (i ? "," : ""), id, id, id % 997,
                "ppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp";
        }
        printf "]";
    }'
}
COLUMNS='[{"name":"id","type":"int","mods":"NOT NULL AUTOINCREMENT"},{"name":"name","type":"str","mods":""},{"name":"qty","type":"int","mods":""},{"name":"pad","type":"str","mods":""}]'

C="http://127.0.0.1:$NODE_PORT"
declare -A UUID=() SVC=() ETOKEN=()
endpoint_ids() {   # endpoint_ids I: its database uuid, service token and an admin token
    local e="http://127.0.0.1:$(ep_port "$1")"
    UUID[$1]=$(curl -fs -u "admin:$ADMIN_PW" "$e/db/main/replication" | sed -n 's/.*"uuid":"\([^"]*\)".*/\1/p')
    SVC[$1]=$(curl -fs -u "admin:$ADMIN_PW" "$e/auth/token/local" | json_field PYQL_LOCAL_SERVICE_TOKEN)
    ETOKEN[$1]=$(curl -fs -u "admin:$ADMIN_PW" "$e/auth/token/user" | json_field token)
    [ -n "${UUID[$1]}" ] && [ -n "${SVC[$1]}" ] && [ -n "${ETOKEN[$1]}" ] || die "endpoint $1: no uuid or tokens"
}

join() {   # join CLUSTER I [TABLE]: endpoint I joins, bringing TABLE (with its rows) when given
    local cluster=$1 i=$2 table=${3:-} tables="[]" consistency="[]"
    if [ -n "$table" ]; then
        tables="[$(api "${ETOKEN[$i]}" GET "http://127.0.0.1:$(ep_port "$i")/db/main/table/$table/config")]"
        consistency="[\"$table\"]"
    fi
    printf '{"name":"hb-ep%d","path":"127.0.0.1:%d","token":"%s","database":{"name":"main","uuid":"%s"},"tables":%s,"consistency":%s}' \
        "$i" "$(ep_port "$i")" "${SVC[$i]}" "${UUID[$i]}" "$tables" "$consistency" >"$WORK/join.json"
    api "$JOIN" POST "$C/cluster/$cluster/join" "$WORK/join.json" >/dev/null
}

fill() {   # fill I TABLE: creates TABLE on endpoint I and bulk-inserts ROWS rows straight into it
    local i=$1 table=$2 e first
    e="http://127.0.0.1:$(ep_port "$i")"
    printf '{"%s":{"columns":%s,"primary_key":"id","foreign_keys":null}}' "$table" "$COLUMNS" >"$WORK/create.json"
    api "${ETOKEN[$i]}" POST "$e/db/main/table/create" "$WORK/create.json" >/dev/null
    for first in $(seq 1 "$CHUNK" "$ROWS"); do
        rows_json "$first" "$(( ROWS - first + 1 < CHUNK ? ROWS - first + 1 : CHUNK ))" >"$WORK/rows.json"
        api "${ETOKEN[$i]}" POST "$e/db/main/table/$table/insert" "$WORK/rows.json" >/dev/null
    done
}

job_of() {   # job_of CLUSTER REPLICA -> the job's JSON object (one line), empty when none
    api "$CTOKEN" GET "$C/cluster/$1/jobs" | tr -d '\n' | sed 's/},{"id"/}\n{"id"/g' | grep "\"replica\":\"$2\"" || true
}

await_done() {   # await_done CLUSTER REPLICA -> the done job
    local j
    for _ in $(seq 1 1800); do
        j=$(job_of "$1" "$2")
        if [[ "$j" == *'"state":"done"'* ]]; then echo "$j"; return 0; fi
        [[ "$j" == *'"state":"failed"'* ]] && die "healing job failed: $j"
        sleep 0.5
    done
    die "healing job of $2 in $1 not done within 900 s: $j"
}

start_writer() {   # start_writer CLUSTER TABLE: one client inserting in a loop; "<start_ms> <latency_ms> <code>" lines
    local url="$C/cluster/$1/table/$2/insert" out="$WORK/writer-$1.txt"
    : >"$out"
    (
        i=0
        while :; do
            i=$((i + 1))
            t0=$(date +%s%3N)
            code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "Authentication: Token $CTOKEN" \
                -H 'Content-Type: application/json' -d "{\"name\":\"w-$i\",\"qty\":$i,\"pad\":\"w\"}" "$url" || echo 000)
            t1=$(date +%s%3N)
            echo "$t0 $((t1 - t0)) $code" >>"$out"
        done
    ) &
    WRITER=$!
}
stop_writer() { kill "$WRITER" 2>/dev/null || true; wait "$WRITER" 2>/dev/null || true; WRITER=""; }

stall_of() {   # stall_of CLUSTER FROM_MS TO_MS -> "writes failed longest_latency_ms longest_gap_ms" in that window
    awk -v from="$2" -v to="$3" '$1 >= from && $1 <= to {
        n++; if ($3 != 200) bad++; if ($2 > lat) lat = $2;
        end = $1 + $2; if (prev && $1 - prev > gap) gap = $1 - prev; prev = end
    } END { printf "%d %d %d %d", n, bad, lat, gap }' "$WORK/writer-$1.txt"
}

num_after() { sed -n "s/.*$1 \\([0-9.]*\\).*/\\1/p" | head -n 1; }

# ---- start ----------------------------------------------------------------------------------------------------------
log "machine: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); $ROWS rows; JVM flags: $PYQL_JVM_FLAGS"
start_node
start_endpoint 1 "sqlite:main.db"
start_endpoint 2 "mysql://127.0.0.1:3306/$MYDB"
start_endpoint 3 "sqlite:main.db"
wait_http node "$C/cluster/pyql/ready"
for i in 1 2 3; do wait_endpoint "$i"; endpoint_ids "$i"; done
printf '{"username":"hb","email":"hb@bench.example.org","password":"%s"}' "$USER_PW" >"$WORK/user.json"
curl -fs -o /dev/null -u "admin:$ADMIN_PW" -H 'Content-Type: application/json' --data-binary "@$WORK/user.json" \
    "$C/auth/user/register" || die "cannot register the bench user"
CTOKEN=$(curl -fs -u "hb:$USER_PW" "$C/auth/token/user" | json_field token)
JOIN=$(curl -fs -u "hb:$USER_PW" "$C/auth/token/join" | json_field join)
[ -n "$CTOKEN" ] && [ -n "$JOIN" ] || die "could not get the tokens"

snapshot_run() {   # snapshot_run CLUSTER DONOR TARGET TABLE LABEL -> a result line
    local cluster=$1 donor=$2 target=$3 table=$4 label=$5 t0 t1 job copy rate paused stall
    fill "$donor" "$table"
    log "$label: $ROWS rows on endpoint $donor"
    join "$cluster" "$donor" "$table"
    start_writer "$cluster" "$table"
    sleep 2
    t0=$(date +%s%3N)
    join "$cluster" "$target"
    job=$(await_done "$cluster" "${UUID[$target]}")
    t1=$(date +%s%3N)
    sleep 2
    stop_writer
    copy=$(echo "$job" | sed -n 's/.*copied from [^,]*, \([0-9]*\) rows in \([0-9.]*\) s, \([0-9]*\) rows\/s.*/\1 \2 \3/p')
    paused=$(echo "$job" | sed -n 's/.*cutover paused writes \([0-9]*\) ms.*/\1/p')
    stall=$(stall_of "$cluster" "$t0" "$t1")
    [ -n "$copy" ] || die "$label: no copy figures in the job: $job"
    log "$label: job $(echo "$job" | sed -n 's/.*"result":"\([^"]*\)".*/\1/p')"
    echo "$label|$copy|$((t1 - t0))|${paused:-?}|$stall"
}

RESULTS=()
RESULTS+=("$(snapshot_run hb1 2 1 hb_my "snapshot MySQL -> SQLite")")
RESULTS+=("$(snapshot_run hb2 3 2 hb_sq "snapshot SQLite -> MySQL")")

# replay: endpoint 1 (SQLite replica of hb1's MySQL table) stopped for REPLAY writes
log "replay: stopping endpoint 1 for $REPLAY writes"
stop_proc ep1
seq 1 "$REPLAY" | xargs -P 8 -I{} curl -s -o /dev/null -X POST -H "Authentication: Token $CTOKEN" \
    -H 'Content-Type: application/json' -d '{"name":"gap-{}","qty":1,"pad":"g"}' "$C/cluster/hb1/table/hb_my/insert"
start_writer hb1 hb_my
start_endpoint 1 "sqlite:main.db"
t0=$(date +%s%3N)
wait_endpoint 1
job=$(await_done hb1 "${UUID[1]}")
t1=$(date +%s%3N)
stop_writer
entries=$(echo "$job" | sed -n 's/.*by replay (\([0-9]*\) entries, \([0-9]*\) entries\/s).*/\1 \2/p')
paused=$(echo "$job" | sed -n 's/.*cutover paused writes \([0-9]*\) ms.*/\1/p')
stall=$(stall_of hb1 "$t0" "$t1")
log "replay: job $(echo "$job" | sed -n 's/.*"result":"\([^"]*\)".*/\1/p')"
[ -n "$entries" ] || die "replay: no figures in the job: $job"
replay_paused=$paused   # the report's loops below reuse paused and stall
replay_stall=$stall

# ---- report ---------------------------------------------------------------------------------------------------------
echo
echo "pyql healing benchmark $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$PYQL_ROOT" rev-parse --short HEAD 2>/dev/null || echo '?'),"
echo "$(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); 1 cluster node; $ROWS rows (4 columns, ~130 bytes)"
printf '%-26s | %9s %7s %9s | %8s | %9s | %6s %6s %9s %8s\n' run rows "copy s" "rows/s" "job ms" "cutover" writes failed "max lat" "max gap"
for line in "${RESULTS[@]}"; do
    IFS='|' read -r label copy total paused stall <<<"$line"
    read -r n secs rate <<<"$copy"
    read -r w bad lat gap <<<"$stall"
    printf '%-26s | %9s %7s %9s | %8s | %6s ms | %6s %6s %6s ms %5s ms\n' "$label" "$n" "$secs" "$rate" "$total" "$paused" "$w" "$bad" "$lat" "$gap"
done
read -r en erate <<<"$entries"
read -r w bad lat gap <<<"$replay_stall"
printf '%-26s | %9s %7s %9s | %8s | %6s ms | %6s %6s %6s ms %5s ms\n' "replay (entries)" "$en" "-" "$erate/s" "$((t1 - t0))" "${replay_paused:-?}" "$w" "$bad" "$lat" "$gap"
echo "(cutover = the pause of the table's writes the job reports; max lat / max gap = the slowest write and the longest"
echo " time between two answers one writing client saw while the job ran, from the endpoint's join to the job's end)"
echo "targets: snapshot >= 30000 rows/s, stall <= 1 s"
for line in "${RESULTS[@]}"; do
    IFS='|' read -r label copy total paused stall <<<"$line"
    read -r n secs rate <<<"$copy"
    read -r w bad lat gap <<<"$stall"
    awk -v r="$rate" 'BEGIN { exit !(r >= 30000) }' && v=met || v=MISSED
    echo "  $label: $rate rows/s -> $v"
    awk -v p="${paused:-99999}" -v g="$gap" 'BEGIN { exit !(p <= 1000 && g <= 1000) }' && v=met || v=MISSED
    echo "  $label: cutover ${paused:-?} ms, longest gap $gap ms -> $v"
done
