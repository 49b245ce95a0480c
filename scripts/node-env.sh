# Shared by scripts/run, scripts/local-cluster and bench/: how one pyql node is launched on this machine.
# Source it; it defines PYQL_ROOT, PYQL_JVM_FLAGS and the functions pyql_build and pyql_launch.

PYQL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Measured on 2 cores (platform notes): serial GC keeps RSS near 270 MB per node. C1-only (-XX:TieredStopAtLevel=1)
# halves start time but costs steady-state throughput, so only test and local-cluster runs ask for it
# (PYQL_FAST_START=1); a node that serves traffic keeps the full JIT.
PYQL_JVM_FLAGS=${PYQL_JVM_FLAGS:-"-Xms64m -Xmx512m -XX:+UseSerialGC -Xss512k"}
if [ "${PYQL_FAST_START:-0}" = 1 ]; then PYQL_JVM_FLAGS="$PYQL_JVM_FLAGS -XX:TieredStopAtLevel=1"; fi

# Builds target/pyql-cluster.war (and fetches Payara Micro into target/) when missing or older than the sources.
pyql_build() {
    local war="$PYQL_ROOT/target/pyql-cluster.war"
    if [ ! -f "$war" ] || [ ! -f "$PYQL_ROOT/target/payara-micro.jar" ] \
        || [ -n "$(find "$PYQL_ROOT/src/main" "$PYQL_ROOT/webapp" "$PYQL_ROOT/pom.xml" -newer "$war" -print -quit)" ]; then
        echo "building the WAR (mvn package)..." >&2
        (cd "$PYQL_ROOT" && mvn -B -q package -DskipTests) || return 1
    fi
}

# pyql_cluster_options: sets the arrays PYQL_HZ_JVM_OPTS and PYQL_HZ_PAYARA_OPTS for the node described by PYQL_*.
# A data endpoint runs without Hazelcast (--nohazelcast). Cluster and standalone nodes get Payara's Hazelcast member
# configured by payara/hazelcast.xml (or hazelcast-kubernetes.xml), whose ${pyql.hz.*} variables are passed as -D.
# Mirrors org.pyql.config.ClusterSettings (defaults, CP member count rule); keep the two in step. The computed
# PYQL_CLUSTER_NAME and PYQL_CP_MEMBER_COUNT are exported so the application sees the same values.
# PYQL_PAYARA_CLUSTER_OPTS, when set, replaces all of this (e.g. "--nohazelcast").
pyql_cluster_options() {
    PYQL_HZ_JVM_OPTS=()
    PYQL_HZ_PAYARA_OPTS=()
    if [ -n "${PYQL_PAYARA_CLUSTER_OPTS:-}" ]; then
        read -r -a PYQL_HZ_PAYARA_OPTS <<< "$PYQL_PAYARA_CLUSTER_OPTS"
        return 0
    fi
    local role discovery iface port members name count n file
    role=$(tr '[:upper:]' '[:lower:]' <<< "${PYQL_ROLE:-standalone}")
    if [ "$role" = endpoint ]; then
        PYQL_HZ_PAYARA_OPTS=(--nohazelcast)
        return 0
    fi
    discovery=$(tr '[:upper:]' '[:lower:]' <<< "${PYQL_CLUSTER_DISCOVERY:-tcpip}")
    iface=${PYQL_HZ_INTERFACE:-127.0.0.1}
    port=${PYQL_HZ_PORT:-5701}
    members=${PYQL_CLUSTER_MEMBERS:-}
    name=${PYQL_CLUSTER_NAME:-}
    if [ -z "$name" ]; then
        if [ "$role" = standalone ] && [ -z "$members" ] && [ "$discovery" = tcpip ]; then
            name="pyql-standalone-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
        else
            name=pyql
        fi
    fi
    [ -z "$members" ] && members="$iface:$port"
    n=$(awk -F, '{ print NF }' <<< "$members")
    if [ -n "${PYQL_CP_MEMBER_COUNT:-}" ]; then
        count=$PYQL_CP_MEMBER_COUNT
    elif [ "$discovery" = kubernetes ] || [ "$n" -ge 3 ]; then
        count=3
    else
        count=0
    fi
    file=hazelcast.xml
    [ "$discovery" = kubernetes ] && file=hazelcast-kubernetes.xml
    local auto=false
    case "$name" in pyql-standalone-*) auto=true ;; esac
    export PYQL_CLUSTER_NAME=$name PYQL_CP_MEMBER_COUNT=$count
    # -Dhazelcast.cp-subsystem.auto-promote=false: Payara's own CP promotion/reset races with the application's
    # (org.pyql.coordination.CpHealPlan), which owns CP membership.
    PYQL_HZ_JVM_OPTS=(
        "-Dhazelcast.cp-subsystem.auto-promote=false"
        "-Dpyql.hz.cluster-name=$name" "-Dpyql.hz.interface=$iface" "-Dpyql.hz.port=$port"
        "-Dpyql.hz.port-auto-increment=$auto" "-Dpyql.hz.members=$members" "-Dpyql.hz.cp-member-count=$count"
        "-Dpyql.hz.cp-missing-member-seconds=${PYQL_CP_MISSING_MEMBER_SECONDS:-30}"
        "-Dpyql.hz.cp-session-ttl-seconds=${PYQL_CP_SESSION_TTL_SECONDS:-10}"
        "-Dpyql.hz.majority=$(( count == 0 ? 2 : count / 2 + 1 ))"
        "-Dpyql.hz.split-brain-protection=$([ "$count" -gt 0 ] && echo true || echo false)"
        "-Dpyql.hz.k8s-service-dns=${PYQL_K8S_SERVICE_DNS:-pyql-cluster}"
    )
    PYQL_HZ_PAYARA_OPTS=(--hzconfigfile "$PYQL_ROOT/payara/$file")
}

# pyql_launch PORT TMPDIR [extra payara-micro options...]: runs one node in the foreground (caller backgrounds it).
# Role, data directory, databases and cluster settings come from the PYQL_* environment.
pyql_launch() {
    local port=$1 tmp=$2
    shift 2
    mkdir -p "$tmp"
    pyql_cluster_options
    # shellcheck disable=SC2086
    # PYQL_UBERJAR: a Payara Micro uber-jar with the WAR inside (scripts/build-uberjar; the container image)
    local app=(-jar "$PYQL_ROOT/target/payara-micro.jar" --deploy "$PYQL_ROOT/target/pyql-cluster.war" --contextroot /)
    [ -n "${PYQL_UBERJAR:-}" ] && app=(-jar "$PYQL_UBERJAR")
    PYQL_PORT=$port exec java -Djava.io.tmpdir="$tmp" $PYQL_JVM_FLAGS "${PYQL_HZ_JVM_OPTS[@]}" \
        "${app[@]}" \
        --port "$port" --disablephonehome "${PYQL_HZ_PAYARA_OPTS[@]}" \
        --logproperties "$PYQL_ROOT/payara/logging.properties" \
        --prebootcommandfile "$PYQL_ROOT/payara/pre-boot-commands.asadmin" "$@"
}
