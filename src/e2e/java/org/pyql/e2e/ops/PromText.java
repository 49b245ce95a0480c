package org.pyql.e2e.ops;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (what Prometheus scrapes): it fails on anything a
 * scraper would reject or misread: a malformed line, name, label or value, a sample before its family's {@code # TYPE}
 * or a family declared twice, a duplicate series, a histogram whose buckets are not cumulative, lack {@code le="+Inf"}
 * or disagree with {@code _count}.
 */
public final class PromText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One series: metric name and labels (sorted by name). */
    public record Series(String name, Map<String, String> labels) {
    }

    private final Map<Series, Double> samples = new LinkedHashMap<>();
    private final Map<String, String> types = new HashMap<>();

    private PromText() {
    }

    public static PromText parse(String text) {
        PromText p = new PromText();
        String[] lines = text.split("\n", -1);
        if (!text.endsWith("\n")) throw new AssertionError("exposition does not end with a newline");
        for (int i = 0; i < lines.length - 1; i++) p.line(i + 1, lines[i]);
        p.checkHistograms();
        return p;
    }

    private void line(int no, String line) {
        if (line.isEmpty()) return;
        if (line.startsWith("#")) {
            String[] parts = line.split(" ", 4);
            if (parts.length >= 3 && parts[1].equals("TYPE")) {
                require(no, NAME.matcher(parts[2]).matches(), "bad metric name " + parts[2]);
                require(no, parts.length == 4 && TYPES.contains(parts[3]), "bad TYPE line: " + line);
                require(no, types.put(parts[2], parts[3]) == null, "TYPE of " + parts[2] + " declared twice");
            } else if (parts.length >= 3 && parts[1].equals("HELP")) {
                require(no, NAME.matcher(parts[2]).matches(), "bad metric name " + parts[2]);
            }
            return;
        }
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') i++;
        String name = line.substring(0, i);
        require(no, NAME.matcher(name).matches(), "bad metric name '" + name + "'");
        Map<String, String> labels = new TreeMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                require(no, eq > i, "label without '=': " + line);
                String label = line.substring(i, eq);
                require(no, LABEL.matcher(label).matches(), "bad label name '" + label + "'");
                require(no, line.charAt(eq + 1) == '"', "label value not quoted: " + line);
                StringBuilder v = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char e = line.charAt(++j);
                        require(no, e == '\\' || e == '"' || e == 'n', "bad escape \\" + e);
                        v.append(e == 'n' ? '\n' : e);
                    } else {
                        v.append(c);
                    }
                }
                require(no, labels.put(label, v.toString()) == null, "label " + label + " twice: " + line);
                i = j + 1;
                if (line.charAt(i) == ',') i++;
            }
            i++;
        }
        require(no, i < line.length() && line.charAt(i) == ' ', "no value: " + line);
        String[] rest = line.substring(i + 1).split(" ");
        require(no, rest.length == 1 || rest.length == 2, "junk after the value: " + line);
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(rest[0]);
                } catch (NumberFormatException e) {
                    throw new AssertionError("line " + no + ": bad value '" + rest[0] + "'");
                }
            }
        };
        if (rest.length == 2) {
            try {
                Long.parseLong(rest[1]);
            } catch (NumberFormatException e) {
                throw new AssertionError("line " + no + ": bad timestamp '" + rest[1] + "'");
            }
        }
        require(no, types.containsKey(family(name)), "sample of " + name + " before its # TYPE");
        require(no, samples.put(new Series(name, Map.copyOf(labels)), value) == null, "duplicate series: " + line);
    }

    /** The family a sample belongs to: its name without the histogram/summary suffix when that family is declared. */
    private String family(String name) {
        for (String suffix : List.of("_bucket", "_count", "_sum", "_created")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if (types.containsKey(base)) return base;
            }
        }
        return name;
    }

    private void checkHistograms() {
        Map<Series, List<double[]>> buckets = new HashMap<>();
        samples.forEach((s, v) -> {
            if (!s.name().endsWith("_bucket")) return;
            String le = s.labels().get("le");
            if (le == null) throw new AssertionError(s + " has no le label");
            Map<String, String> rest = new TreeMap<>(s.labels());
            rest.remove("le");
            Series base = new Series(s.name().substring(0, s.name().length() - "_bucket".length()), Map.copyOf(rest));
            double bound = le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            buckets.computeIfAbsent(base, k -> new ArrayList<>()).add(new double[] {bound, v});
        });
        buckets.forEach((base, list) -> {
            list.sort((a, b) -> Double.compare(a[0], b[0]));
            double last = 0;
            for (double[] b : list) {
                if (b[1] < last) throw new AssertionError(base + ": buckets are not cumulative at le=" + b[0]);
                last = b[1];
            }
            double[] top = list.get(list.size() - 1);
            if (top[0] != Double.POSITIVE_INFINITY) throw new AssertionError(base + ": no le=\"+Inf\" bucket");
            Double count = samples.get(new Series(base.name() + "_count", base.labels()));
            if (count == null || count != top[1]) {
                throw new AssertionError(base + ": _count " + count + " differs from the +Inf bucket " + top[1]);
            }
        });
    }

    private static void require(int line, boolean ok, String what) {
        if (!ok) throw new AssertionError("line " + line + ": " + what);
    }

    public String type(String family) {
        return types.get(family);
    }

    /** The value of the series with exactly these labels, or null. */
    public Double value(String name, Map<String, String> labels) {
        return samples.get(new Series(name, Map.copyOf(new TreeMap<>(labels))));
    }

    /** The sum of every series of {@code name} whose labels include {@code match}; 0 when there is none. */
    public double sum(String name, Map<String, String> match) {
        double total = 0;
        for (Map.Entry<Series, Double> e : samples.entrySet()) {
            if (e.getKey().name().equals(name) && e.getKey().labels().entrySet().containsAll(match.entrySet())) {
                total += e.getValue();
            }
        }
        return total;
    }

    /** The series of {@code name} whose labels include {@code match}. */
    public List<Series> series(String name, Map<String, String> match) {
        List<Series> out = new ArrayList<>();
        for (Series s : samples.keySet()) {
            if (s.name().equals(name) && s.labels().entrySet().containsAll(match.entrySet())) out.add(s);
        }
        return out;
    }
}
