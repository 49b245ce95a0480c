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

# pyql_launch PORT TMPDIR [extra payara-micro options...]: runs one node in the foreground (caller backgrounds it).
# Role, data directory and databases come from the PYQL_* environment.
pyql_launch() {
    local port=$1 tmp=$2
    shift 2
    mkdir -p "$tmp"
    # shellcheck disable=SC2086
    PYQL_PORT=$port exec java -Djava.io.tmpdir="$tmp" $PYQL_JVM_FLAGS \
        -jar "$PYQL_ROOT/target/payara-micro.jar" \
        --deploy "$PYQL_ROOT/target/pyql-cluster.war" --contextroot / \
        --port "$port" --disablephonehome ${PYQL_PAYARA_CLUSTER_OPTS:---nohazelcast} \
        --logproperties "$PYQL_ROOT/payara/logging.properties" "$@"
}
