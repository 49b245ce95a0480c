package org.pyql.e2e.harness;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi31;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Every response {@link PyqlClient} receives, checked against the OpenAPI document the node serves at {@code /openapi}
 * ({@code src/main/resources/openapi.yaml}, read from the class path): the request's path must match one of its path
 * templates (the most literal one wins, as in JAX-RS) with that method, and the body must match the schema of the
 * response for that status (or the {@code default} one, the error shape) with JSON Schema 2020-12 (networknt, with
 * the OpenAPI 3.1 dialect). Requests a test makes to provoke the server outside the API (OPTIONS, unknown routes
 * answered 404/405, Payara's own {@code /health}) are not checked.
 *
 * <p>Every IT's responses are checked and the problems written to {@code target/e2e/openapi-violations.txt}, and
 * every IT class fails when one of its own responses does not match: failsafe turns on JUnit's extension
 * auto-detection and {@code src/e2e/resources/META-INF/services} names this class, so no IT can opt out. Static files
 * are checked like the API: the console's are in the document with their content types.
 */
public final class OpenApiConformance implements BeforeAllCallback, AfterAllCallback {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String RESOURCE = "openapi.yaml";
    private static final List<String> VIOLATIONS = new CopyOnWriteArrayList<>();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();
    private static final Set<String> CHECKED_ROUTES = ConcurrentHashMap.newKeySet();
    private static volatile Document document;

    /** One path template of the document and the regular expression of the paths it matches. */
    private record Template(String path, Pattern regex, int literalChars) {
    }

    private record Document(JsonNode root, List<Template> templates, JsonSchemaFactory factory) {
    }

    // ------------------------------------------------------------------ JUnit extension

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(OpenApiConformance.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put("start", VIOLATIONS.size());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        int start = context.getStore(NS).get("start", Integer.class);
        List<String> mine = new ArrayList<>(VIOLATIONS.subList(start, VIOLATIONS.size()));
        if (!mine.isEmpty()) {
            throw new AssertionError(mine.size() + " response(s) do not match openapi.yaml:\n" + String.join("\n", mine));
        }
    }

    // ------------------------------------------------------------------ checking

    /** The templates (method and path) responses were checked against so far, e.g. {@code GET /cluster/{name}}. */
    public static Set<String> checkedRoutes() {
        return Set.copyOf(CHECKED_ROUTES);
    }

    /** Checks one response; a problem is recorded (and returned), never thrown here. */
    static String check(String method, String requestPath, int status, String contentType, String body) {
        String problem;
        try {
            problem = problem(method.toUpperCase(Locale.ROOT), requestPath, status, contentType, body);
        } catch (RuntimeException e) {
            problem = "cannot check: " + e;
        }
        if (problem == null) return null;
        String line = method + " " + requestPath + " -> " + status + ": " + problem;
        VIOLATIONS.add(line);
        try {
            Path out = Path.of(System.getProperty("pyql.test.workdir", "target/e2e"), "openapi-violations.txt");
            Files.createDirectories(out.getParent());
            Files.writeString(out, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // the in-memory list is what the extension checks
        }
        return line;
    }

    /** What is wrong with one response (null: it matches or is not checked), without recording it. */
    static String problem(String method, String requestPath, int status, String contentType, String body) {
        if (method.equals("OPTIONS") || method.equals("HEAD")) return null;
        if (status < 0) return null;
        String path;
        try {
            // raw: a key with an encoded slash (%2F) is one path parameter, as the server routes it
            path = URI.create(requestPath.startsWith("/") ? requestPath : "/" + requestPath).getRawPath();
        } catch (IllegalArgumentException e) {
            return null;   // a test sending a malformed URI on purpose
        }
        if (path == null || path.startsWith("/health")) return null;   // Payara's MicroProfile Health
        Document doc = document();
        Template t = match(doc, path, method);
        if (t == null) return status == 404 || status == 405 ? null : "no path of the document matches " + path;
        JsonNode operation = doc.root().path("paths").path(t.path()).path(method.toLowerCase(Locale.ROOT));
        if (operation.isMissingNode()) return status == 405 ? null : method + " is not documented for " + t.path();
        CHECKED_ROUTES.add(method + " " + t.path());
        String code = Integer.toString(status);
        JsonNode responses = operation.path("responses");
        String pointer = "/paths/" + escape(t.path()) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/";
        JsonNode response = responses.get(code);
        if (response == null) {
            if (status < 400) return "status " + status + " is not documented for " + method + " " + t.path();
            response = responses.get("default");
            code = "default";
            if (response == null) return "no default (error) response documented for " + method + " " + t.path();
        }
        pointer += escape(code);
        if (response.has("$ref")) {
            pointer = response.get("$ref").asText().substring(1);
            response = resolve(doc.root(), pointer);
        }
        String type = contentType == null ? "" : contentType.split(";")[0].trim().toLowerCase(Locale.ROOT);
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) return null;
        if (!content.has(type)) return "Content-Type '" + type + "' is not documented (" + fieldNames(content) + ")";
        if (!type.equals("application/json")) return null;
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return "body is not JSON: " + e.getMessage();
        }
        String schemaPointer = pointer + "/content/" + escape(type) + "/schema";
        JsonSchema schema = SCHEMAS.computeIfAbsent(schemaPointer, p -> schemaAt(doc, p));
        Set<ValidationMessage> errors = schema.validate(json);
        if (errors.isEmpty()) return null;
        String shown = body.length() > 300 ? body.substring(0, 300) + "..." : body;
        return "body does not match " + schemaPointer + ": " + errors + " in " + shown;
    }

    /**
     * The schema at {@code pointer} as a schema document of its own, with the document's {@code components} beside it
     * so its {@code $ref}s ({@code #/components/schemas/...}) resolve; no reference ever names a path template.
     */
    private static JsonSchema schemaAt(Document doc, String pointer) {
        JsonNode node = doc.root().at(pointer);
        if (!node.isObject()) throw new IllegalStateException("no schema at " + pointer);
        com.fasterxml.jackson.databind.node.ObjectNode standalone = ((com.fasterxml.jackson.databind.node.ObjectNode) node)
                .deepCopy();
        standalone.set("components", doc.root().path("components"));
        return doc.factory().getSchema(standalone);
    }

    /**
     * The most literal template matching {@code path} that documents {@code method}, else the most literal one: the
     * server routes {@code GET /db/main/table/create} to the table named {@code create} ({@code /db/{db}/table/{t}})
     * because the literal {@code /db/{db}/table/create} has no GET.
     */
    private static Template match(Document doc, String path, String method) {
        Template best = null;
        Template bestWithMethod = null;
        for (Template t : doc.templates()) {
            if (!t.regex().matcher(path).matches()) continue;
            if (best == null || t.literalChars() > best.literalChars()) best = t;
            boolean has = !doc.root().path("paths").path(t.path()).path(method.toLowerCase(Locale.ROOT)).isMissingNode();
            if (has && (bestWithMethod == null || t.literalChars() > bestWithMethod.literalChars())) bestWithMethod = t;
        }
        return bestWithMethod != null ? bestWithMethod : best;
    }

    private static JsonNode resolve(JsonNode root, String pointer) {
        return root.at(pointer);
    }

    private static String escape(String s) {
        return s.replace("~", "~0").replace("/", "~1");
    }

    private static String fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) names.add(it.next());
        return String.join(", ", names);
    }

    private static Document document() {
        Document d = document;
        if (d != null) return d;
        synchronized (OpenApiConformance.class) {
            if (document != null) return document;
            JsonNode root;
            try (InputStream in = OpenApiConformance.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) throw new IllegalStateException(RESOURCE + " is not on the class path");
                root = YAML.readTree(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            List<Template> templates = new ArrayList<>();
            for (Iterator<String> it = root.path("paths").fieldNames(); it.hasNext(); ) {
                String p = it.next();
                String regex = Pattern.quote(p).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
                templates.add(new Template(p, Pattern.compile(regex), p.replaceAll("\\{[^}/]+}", "").length()));
            }
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
                    b -> b.metaSchema(OpenApi31.getInstance()).defaultMetaSchemaIri(OpenApi31.getInstance().getIri()));
            document = d = new Document(root, List.copyOf(templates), factory);
            return d;
        }
    }
}
