package org.pyql.cluster.write;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.query.Column;
import org.pyql.query.ColumnType;
import org.pyql.query.TableSchema;
import org.pyql.replication.ReplicatedOp;

/**
 * Makes an insert deterministic before it is replicated: every replica must store the same row, so values a
 * database would choose itself are chosen once, here, by the table's sequencer. An omitted auto-increment integer key
 * gets the table's running maximum + 1 (the maximum is read from the most advanced replica when the node becomes the
 * leader, and follows every key inserted since); an omitted {@code DEFAULT CURRENT_TIMESTAMP} column gets the
 * leader's clock in UTC, in the text form SQLite itself writes ({@code yyyy-MM-dd HH:mm:ss}).
 * Lives on the sequencer thread only.
 */
final class ValueResolver {
    private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final TableSchema schema;
    private final Column autoKey;
    private final List<Column> timeDefaults = new ArrayList<>();
    private final LongSupplier currentMax;
    private Long maxKey;

    /** {@code currentMax} asks a replica for the largest key (0 for an empty table); called at most once per leadership. */
    ValueResolver(TableSchema schema, LongSupplier currentMax) {
        this.schema = schema;
        this.currentMax = currentMax;
        Column key = schema.primaryKeyColumn().orElse(null);
        this.autoKey = key != null && key.autoIncrement() && key.type() == ColumnType.INT ? key : null;
        for (Column c : schema.columns()) {
            if (c.hasDefault() && c.mods() != null && c.mods().toUpperCase(Locale.ROOT).contains("CURRENT_TIMESTAMP")) {
                timeDefaults.add(c);
            }
        }
    }

    boolean needed() {
        return autoKey != null || !timeDefaults.isEmpty();
    }

    /** The op with its omitted values filled in (a copy; the client's body is not changed). */
    ReplicatedOp resolve(ReplicatedOp op, long nowMillis) {
        if (!ReplicatedOp.INSERT.equals(op.action()) || !needed()) return op;
        JsonNode body = op.body().deepCopy();
        String now = SQL_TIME.format(java.time.Instant.ofEpochMilli(nowMillis));
        if (body.isArray()) {
            for (JsonNode row : (ArrayNode) body) fill((ObjectNode) row, now);
        } else {
            fill((ObjectNode) body, now);
        }
        return new ReplicatedOp(op.seq(), op.action(), op.key(), body);
    }

    private void fill(ObjectNode row, String now) {
        if (autoKey != null) {
            JsonNode given = row.get(autoKey.name());
            long max = max();
            if (given == null || given.isNull()) {
                maxKey = max + 1;
                row.put(autoKey.name(), maxKey);
            } else if (given.canConvertToLong()) {
                maxKey = Math.max(max, given.asLong());
            }
        }
        for (Column c : timeDefaults) {
            if (!row.has(c.name())) row.put(c.name(), now);
        }
    }

    private long max() {
        if (maxKey == null) maxKey = currentMax.getAsLong();
        return maxKey;
    }

    /** Forget the running maximum (a new leadership or a failed batch: the replicas are asked again). */
    void reset() {
        maxKey = null;
    }

    TableSchema schema() {
        return schema;
    }
}
