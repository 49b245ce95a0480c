# Shared by scripts/run, scripts/local-cluster and bench/: how one pyql node is launched on this machine.
# Source it; it defines PYQL_ROOT, PYQL_JVM_FLAGS and the functions pyql_build and pyql_launch.

PYQL_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Measured on a 2-core machine: serial GC keeps RSS near 270 MB per node. C1-only (-XX:TieredStopAtLevel=1)
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
# The shell computes nothing itself: org.pyql.config.LaunchOptions (the same ClusterSettings the node reads) prints
# the JVM options (the ${pyql.hz.*} variables of payara/hazelcast*.xml), the Payara options (--hzconfigfile, or
# --nohazelcast for a data endpoint) and the resolved PYQL_CLUSTER_NAME and PYQL_CP_MEMBER_COUNT, which are exported
# so the application sees the same values. PYQL_LAUNCH_CLASSPATH is where that class is (default target/classes).
# PYQL_PAYARA_CLUSTER_OPTS, when set, replaces all of this (e.g. "--nohazelcast").
pyql_cluster_options() {
    PYQL_HZ_JVM_OPTS=()
    PYQL_HZ_PAYARA_OPTS=()
    if [ -n "${PYQL_PAYARA_CLUSTER_OPTS:-}" ]; then
        read -r -a PYQL_HZ_PAYARA_OPTS <<< "$PYQL_PAYARA_CLUSTER_OPTS"
        return 0
    fi
    local lines line
    lines=$(java -cp "${PYQL_LAUNCH_CLASSPATH:-$PYQL_ROOT/target/classes}" org.pyql.config.LaunchOptions) || return 1
    while IFS= read -r line; do
        case $line in
            jvm=*) PYQL_HZ_JVM_OPTS+=("${line#jvm=}") ;;
            payara=payara/*) PYQL_HZ_PAYARA_OPTS+=("$PYQL_ROOT/${line#payara=}") ;;
            payara=*) PYQL_HZ_PAYARA_OPTS+=("${line#payara=}") ;;
            export=*) export "${line#export=}" ;;
        esac
    done <<< "$lines"
}

# pyql_filter_output: copies a node's output, leaving out the one line GlassFish's JdbcRuntimeExtension prints with
# System.out.println (not a logger, so payara/logging.properties cannot silence it) at every stop.
pyql_filter_output() {
    grep --line-buffered -v '^JdbcRuntimeExtension,  getAllSystemRAResourcesAndPools = '
}

# pyql_launch PORT TMPDIR [extra payara-micro options...]: runs one node in the foreground (caller backgrounds it).
# Role, data directory, databases and cluster settings come from the PYQL_* environment.
pyql_launch() {
    local port=$1 tmp=$2
    shift 2
    mkdir -p "$tmp"
    pyql_cluster_options || return 1
    # shellcheck disable=SC2086
    # PYQL_UBERJAR: a Payara Micro uber-jar with the WAR inside (scripts/build-uberjar; the container image)
    local app=(-jar "$PYQL_ROOT/target/payara-micro.jar" --deploy "$PYQL_ROOT/target/pyql-cluster.war" --contextroot /)
    [ -n "${PYQL_UBERJAR:-}" ] && app=(-jar "$PYQL_UBERJAR")
    PYQL_PORT=$port exec java -Djava.io.tmpdir="$tmp" $PYQL_JVM_FLAGS "${PYQL_HZ_JVM_OPTS[@]}" \
        "${app[@]}" \
        --port "$port" --disablephonehome "${PYQL_HZ_PAYARA_OPTS[@]}" \
        --logproperties "$PYQL_ROOT/payara/logging.properties" \
        --prebootcommandfile "$PYQL_ROOT/payara/pre-boot-commands.asadmin" \
        --postbootcommandfile "$PYQL_ROOT/payara/post-boot-commands.asadmin" \
        --postdeploycommandfile "$PYQL_ROOT/payara/post-deploy-commands.asadmin" "$@"
}
