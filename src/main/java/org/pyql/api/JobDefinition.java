package org.pyql.api;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.error.BadRequestException;
import org.pyql.json.JsonFields;

/**
 * A job queue entry {@code {"job", "job_type", "action", "config", ["interval"]}}, checked once when it is read:
 * the three names non-empty strings, a known {@code job_type}, {@code config} an object and {@code interval} (when
 * present) a whole number of seconds of at least 0. {@code config} is kept as its JSON text.
 */
record JobDefinition(String name, String type, String action, String config, Long intervalSeconds) {
    static final Set<String> JOB_TYPES = Set.of("cluster", "jobs", "syncjobs", "cron");

    static JobDefinition from(JsonNode body) {
        if (body == null || !body.isObject()) throw new BadRequestException("expected a JSON object", "job definition");
        String name = JsonFields.requiredText(body, "job");
        String type = JsonFields.requiredText(body, "job_type");
        String action = JsonFields.requiredText(body, "action");
        if (!JOB_TYPES.contains(type)) {
            throw new BadRequestException("invalid job_type", "one of " + JOB_TYPES + ", not '" + type + "'");
        }
        JsonNode config = body.path("config");
        if (!config.isObject()) throw new BadRequestException("missing config", "\"config\" must be a JSON object");
        Long interval = null;
        JsonNode i = body.get("interval");
        if (i != null && !i.isNull()) {
            if (!i.isIntegralNumber() || !i.canConvertToLong() || i.asLong() < 0) {
                throw new BadRequestException("invalid interval", "a whole number of seconds, 0 or more");
            }
            interval = i.asLong();
        }
        return new JobDefinition(name, type, action, config.toString(), interval);
    }

    /** The id follows from the name, so that two concurrent adds of one name cannot both succeed. */
    String id() {
        return UUID.nameUUIDFromBytes(("job:" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
