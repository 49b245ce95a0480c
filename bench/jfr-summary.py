#!/usr/bin/env python3
"""Summarises the CPU samples (jdk.ExecutionSample) of a JFR recording: where the request threads spend time.

    bench/jfr-summary.py recording.jfr [top-N]

Prints (1) samples per component, each sample counted once under the first matching rule walking from the leaf
towards the root, (2) the hottest leaf methods, (3) the org.pyql methods with the most samples anywhere on the
stack (inclusive). Uses the JDK's `jfr` tool.
"""
import collections
import json
import subprocess
import sys

# (label, prefixes of a frame's "class.method"); checked per frame from the leaf up, first match wins.
COMPONENTS = [
    ("SQLite JDBC / native", ("org.sqlite.",)),
    ("MySQL JDBC", ("com.mysql.",)),
    ("HikariCP pool", ("com.zaxxer.hikari.",)),
    ("JWT verify (java-jwt)", ("com.auth0.jwt.",)),
    ("PBKDF2 / crypto", ("javax.crypto.", "com.sun.crypto.", "sun.security.")),
    ("pyql query compiler", ("org.pyql.query.",)),
    ("pyql endpoint (reader/writer/stores)", ("org.pyql.endpoint.",)),
    ("pyql auth", ("org.pyql.auth.",)),
    ("pyql api (resources, filter, JSON writer)", ("org.pyql.api.",)),
    ("Jackson JSON", ("com.fasterxml.jackson.",)),
    ("Jersey / JAX-RS", ("org.glassfish.jersey.", "jakarta.ws.rs.")),
    ("CDI (Weld) proxies / interceptors", ("org.jboss.weld.",)),
    ("Hibernate (state DB)", ("org.hibernate.",)),
    ("Flyway", ("org.flywaydb.",)),
    ("Hazelcast", ("com.hazelcast.",)),
    ("OSGi (Felix)", ("org.apache.felix.",)),
    ("bytecode scanning (ASM, classmodel)", ("org.objectweb.asm.", "org.glassfish.hk2.classmodel.", "org.glassfish.hk2.external.org.objectweb.")),
    ("HK2", ("org.glassfish.hk2.", "org.jvnet.hk2.")),
    ("Payara / Grizzly HTTP, web container", ("org.glassfish.grizzly.", "org.apache.catalina.", "org.apache.coyote.",
                                              "com.sun.enterprise.", "org.glassfish.", "fish.payara.")),
    ("JDK", ("java.", "jdk.", "sun.")),
]


# The layers of a request, over the components above (what the issue asks CPU per request for).
LAYERS = {
    "HTTP (Grizzly, servlet, Jersey, CDI, pyql api)": ("Payara / Grizzly HTTP, web container", "Jersey / JAX-RS", "HK2",
                                                       "CDI (Weld) proxies / interceptors",
                                                       "pyql api (resources, filter, JSON writer)"),
    "auth (token/Basic check)": ("JWT verify (java-jwt)", "PBKDF2 / crypto", "pyql auth"),
    "JSON (Jackson)": ("Jackson JSON",),
    "query compile": ("pyql query compiler",),
    "JDBC + pool (driver, HikariCP, reader/writer)": ("MySQL JDBC", "SQLite JDBC / native", "HikariCP pool",
                                                      "pyql endpoint (reader/writer/stores)"),
}


def frame_name(frame):
    m = frame.get("method", {})
    return f'{m.get("type", {}).get("name", "?").replace("/", ".")}.{m.get("name", "?")}'


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "256", "--events", "jdk.ExecutionSample",
                          sys.argv[1]], check=True, capture_output=True, text=True).stdout
    events = json.loads(out)["recording"]["events"]
    comp, leaf, incl = collections.Counter(), collections.Counter(), collections.Counter()
    threads = collections.Counter()
    total = 0
    for e in events:
        values = e["values"]
        frames = [frame_name(f) for f in (values.get("stackTrace") or {}).get("frames", [])]
        if not frames:
            continue
        total += 1
        threads[(values.get("sampledThread") or {}).get("javaName", "?").split("(")[0].split("-")[0]] += 1
        leaf[frames[0]] += 1
        label = "other"
        for f in frames:
            hit = next((lbl for lbl, prefixes in COMPONENTS if f.startswith(prefixes)), None)
            if hit and hit != "JDK":
                label = hit
                break
            if hit == "JDK" and label == "other":
                label = "JDK"   # remember, but keep looking for a library frame above the JDK code
        comp[label] += 1
        for f in set(frames):
            if f.startswith("org.pyql."):
                incl[f] += 1
    if total == 0:
        print("no execution samples")
        return
    pct = lambda n: f"{100.0 * n / total:5.1f}%"
    print(f"{total} CPU samples")
    print("\nby component (first library frame from the leaf; JDK = only JDK code on the stack below a library):")
    for k, n in comp.most_common():
        print(f"  {pct(n)}  {k}")
    print("\nby layer (the components above, grouped):")
    layer = collections.Counter()
    for k, n in comp.items():
        layer[next((lbl for lbl, parts in LAYERS.items() if k in parts), "other (" + k + ")")] += n
    for k, n in layer.most_common():
        print(f"  {pct(n)}  {k}")
    print(f"\nhottest leaf methods (top {top}):")
    for k, n in leaf.most_common(top):
        print(f"  {pct(n)}  {k}")
    print(f"\norg.pyql methods, inclusive (top {top}):")
    for k, n in incl.most_common(top):
        print(f"  {pct(n)}  {k}")
    print("\nsamples per thread group:")
    for k, n in threads.most_common(6):
        print(f"  {pct(n)}  {k}")


if __name__ == "__main__":
    main()
