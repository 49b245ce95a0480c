package org.pyql.deploy;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.pyql.api.NodeResource;
import org.pyql.config.AutoJoinSettings;
import org.pyql.config.ClusterSettings;
import org.pyql.config.NodeRole;
import org.pyql.config.PyqlConfig;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the application and its launch scripts know, read from the application itself, so the manifest checks follow
 * the code: the HTTP routes (JAX-RS {@code @Path} of {@code org.pyql.api}), the variables its configuration classes
 * read, the variables {@code scripts/container-entrypoint} and {@code scripts/node-env.sh} read, and Payara's
 * Hazelcast settings for Kubernetes.
 */
final class AppKnowledge {
    private AppKnowledge() {
    }

    // ------------------------------------------------------------------ routes

    /** Route templates as regular expressions ({@code /pyql/live}, {@code /cluster/[^/]+/create}, ...). */
    static List<Pattern> routes() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(NodeResource.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Pattern> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(classes.resolve("org/pyql/api"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class") && !p.toString().contains("$")).toList()) {
                String name = "org.pyql.api." + f.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName(name, false, AppKnowledge.class.getClassLoader());
                jakarta.ws.rs.Path base = c.getAnnotation(jakarta.ws.rs.Path.class);
                if (base == null) continue;
                out.add(template(base.value(), ""));
                for (var m : c.getDeclaredMethods()) {
                    jakarta.ws.rs.Path sub = m.getAnnotation(jakarta.ws.rs.Path.class);
                    if (sub != null) out.add(template(base.value(), sub.value()));
                }
            }
        }
        return out;
    }

    static boolean isRoute(String path) throws Exception {
        return routes().stream().anyMatch(p -> p.matcher(path).matches());
    }

    private static Pattern template(String base, String sub) {
        String full = ("/" + base + "/" + sub).replaceAll("/+", "/");
        if (full.length() > 1 && full.endsWith("/")) full = full.substring(0, full.length() - 1);
        StringBuilder re = new StringBuilder();
        Matcher m = Pattern.compile("\\{\\s*\\w+\\s*(?::\\s*([^}]*))?}").matcher(full);
        int last = 0;
        while (m.find()) {
            re.append(Pattern.quote(full.substring(last, m.start())));
            re.append(m.group(1) != null ? "(" + m.group(1).trim() + ")" : "[^/]+");
            last = m.end();
        }
        re.append(Pattern.quote(full.substring(last)));
        return Pattern.compile(re.toString());
    }

    // ------------------------------------------------------------------ environment

    /**
     * The variables the configuration classes ask for when started with {@code env} (PyqlConfig, ClusterSettings and,
     * for role endpoint, AutoJoinSettings are called with a recording source, so dynamic names such as {@code PYQL_DB_<NAME>_USER} count too). Also
     * proves the configuration is accepted: an invalid value throws here as it would in the pod.
     */
    static Set<String> configRead(Map<String, String> env) {
        Set<String> asked = new TreeSet<>();
        java.util.function.Function<String, String> source = n -> {
            asked.add(n);
            return env.get(n);
        };
        PyqlConfig config = PyqlConfig.from(source);
        ClusterSettings.from(config.role(), source);
        if (config.role().servesCluster()) org.pyql.config.HealSettings.from(source);   // the health checker's eviction
        if (config.role() == NodeRole.ENDPOINT) AutoJoinSettings.from(source);   // only endpoints auto-join
        asked.add("PYQL_EXIT_ON_START_FAILURE");   // PyqlConfig.exitOnStartFailure() reads it on its own
        return asked;
    }

    /** {@code ${NAME}} and {@code $NAME} the container's launch scripts read. */
    static Set<String> scriptsRead() throws IOException {
        Set<String> out = new LinkedHashSet<>();
        Pattern var = Pattern.compile("\\$\\{?([A-Z][A-Z0-9_]*)");
        for (String script : List.of("scripts/container-entrypoint", "scripts/node-env.sh")) {
            Matcher m = var.matcher(Files.readString(Path.of(script)));
            while (m.find()) out.add(m.group(1));
        }
        return out;
    }

    /** ClusterSettings' view of a container's environment, as the pod would see it. */
    static ClusterSettings clusterSettings(Map<String, String> env) {
        return ClusterSettings.from(NodeRole.parse(env.getOrDefault("PYQL_ROLE", "standalone")), env::get);
    }

    // ------------------------------------------------------------------ Payara's Hazelcast settings

    /** payara/hazelcast-kubernetes.xml: its {@code <property>} values and a few element texts. */
    static Map<String, String> hazelcastKubernetes() throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        Document d = f.newDocumentBuilder().parse(Path.of("payara/hazelcast-kubernetes.xml").toFile());
        Map<String, String> out = new HashMap<>();
        NodeList props = d.getElementsByTagName("property");
        for (int i = 0; i < props.getLength(); i++) {
            Element e = (Element) props.item(i);
            out.put(e.getAttribute("name"), e.getTextContent().trim());
        }
        for (String tag : List.of("port", "service-dns", "cp-member-count")) {
            NodeList n = d.getElementsByTagName(tag);
            if (n.getLength() > 0) out.put("<" + tag + ">", n.item(0).getTextContent().trim());
        }
        return out;
    }
}
