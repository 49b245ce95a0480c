package org.pyql.api;

import com.fasterxml.jackson.databind.JsonNode;

import org.pyql.error.BadRequestException;

/** {@code POST /auth/keys/rotate} {@code [{"overlap_seconds": n}]}: a whole number of seconds, 3600 when omitted. */
record RotationRequest(long overlapSeconds) {
    static final long DEFAULT_OVERLAP_SECONDS = 3600;

    static RotationRequest from(JsonNode body) {
        if (body == null || body.isMissingNode() || body.isNull()) return new RotationRequest(DEFAULT_OVERLAP_SECONDS);
        if (!body.isObject()) throw new BadRequestException("expected a JSON object", "{\"overlap_seconds\": n}");
        JsonNode v = body.get("overlap_seconds");
        if (v == null || v.isNull()) return new RotationRequest(DEFAULT_OVERLAP_SECONDS);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new BadRequestException("invalid overlap_seconds", "a whole number of seconds");
        }
        return new RotationRequest(v.asLong());   // the range is KeyService.rotate's rule
    }
}
