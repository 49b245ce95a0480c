package org.pyql.endpoint.replication;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.pyql.endpoint.CompiledWrite;
import org.pyql.endpoint.DataStore;
import org.pyql.endpoint.DataStores;
import org.pyql.endpoint.TableReader;
import org.pyql.endpoint.TableWriter;
import org.pyql.endpoint.WriteAction;
import org.pyql.error.BadRequestException;
import org.pyql.error.ConflictException;
import org.pyql.error.NotFoundException;
import org.pyql.query.Dialect;
import org.pyql.query.SqlStatement;
import org.pyql.query.TableDefinitions;
import org.pyql.query.TableSchema;
import org.pyql.replication.ReplicaClaim;
import org.pyql.replication.ReplicaPosition;

/**
 * Full copies of a replicated table (Galera's SST), both ends. The donor side streams the table in primary-key order
 * together with its position, all read in one snapshot transaction, so the rows are exactly the table at that seq.
 * The target side loads the rows into a shadow table ({@value #SHADOW_PREFIX}{@code <table>}, internal, never
 * served) and swaps it in for the table with the donor's position in one step under the table's apply lock: a copy
 * that fails before the swap leaves the old table and position untouched.
 */
@ApplicationScoped
public class SnapshotService {
    static final String SHADOW_PREFIX = "_pyql_shadow_";
    public static final int CHUNK_ROWS = 2000;

    @Inject
    private DataStores stores;
    @Inject
    private ReplicationClaims claims;
    @Inject
    private TableReader reader;
    @Inject
    private TableWriter writer;

    /** The shadow table being loaded per database and table (its schema: internal tables are not in the catalog). */
    private final Map<String, TableSchema> shadows = new ConcurrentHashMap<>();

    /** What a swap installs: the owning cluster and the donor's position at the snapshot. */
    public record Swap(String cluster, @com.fasterxml.jackson.annotation.JsonProperty("cluster_name") String clusterName,
                       long term, long seq) {
    }

    /** 404 unless {@code table} is a replicated table of {@code db} (checked before a stream starts). */
    public void checkExportable(String db, String table) {
        DataStore store = stores.require(db);
        if (claims.position(db, table).cluster() == null) throw new NotFoundException("table " + table + " is not replicated here");
        store.requireTable(table);
    }

    /**
     * Donor: writes NDJSON lines to {@code out}: {@code {"seq", "term", "rows", "config"}}, then {@code {"data": [...]}}
     * chunks of at most {@link #CHUNK_ROWS} rows, then {@code {"end": true, "rows": n}} (a stream without it is cut).
     */
    public void export(String db, String table, OutputStream out) {
        DataStore store = stores.require(db);
        ReplicaPosition pos = claims.position(db, table);
        if (pos.cluster() == null) throw new NotFoundException("table " + table + " is not replicated here");
        TableSchema schema = store.requireTable(table);
        store.inReadSnapshot(c -> {
            long[] at = position(c, table);
            long count = count(c, store, schema);
            try (JsonGenerator g = OutcomeJson.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8)) {
                ObjectNode head = OutcomeJson.MAPPER.createObjectNode().put("seq", at[1]).put("term", at[0]).put("rows", count);
                head.set("config", TableDefinitions.toConfig(schema));
                line(g, out, head);
                long n = reader.scan(c, store, schema, CHUNK_ROWS, rows -> {
                    try {
                        rows.writeTo(g);
                        g.flush();
                        out.write('\n');
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                line(g, out, OutcomeJson.MAPPER.createObjectNode().put("end", true).put("rows", n));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return null;
        });
    }

    /** Target: (re)creates the empty shadow table for {@code table} from the donor's {@code config}. */
    public void begin(String db, String table, JsonNode config) {
        DataStore store = stores.require(db);
        if (DataStore.isInternalTable(table)) throw ReplicationClaims.unknownTable(store, table);
        TableSchema def = definition(table, config);
        TableSchema shadow = new TableSchema(shadowName(table), def.columns(), def.primaryKey(), List.of());
        store.withConnection(c -> {
            try (Statement st = c.createStatement()) {
                st.execute("DROP TABLE IF EXISTS " + store.dialect().quote(shadow.name()));
                st.execute(TableDefinitions.createTableSql(shadow, store.dialect()));
            }
            return null;
        });
        shadows.put(db + "/" + table, shadow);
    }

    /** Target: appends donor rows to the shadow table (one transaction per chunk); returns how many. */
    public int rows(String db, String table, JsonNode rows) {
        DataStore store = stores.require(db);
        TableSchema shadow = shadow(db, table);
        if (rows == null || !rows.isArray()) throw new BadRequestException("rows must be a JSON array of row objects");
        if (rows.isEmpty()) return 0;
        List<SqlStatement> statements = new ArrayList<>(rows.size());
        for (JsonNode row : rows) {
            if (!row.isObject()) throw new BadRequestException("every row must be a JSON object");
            statements.add(store.compiler().insert(shadow, (ObjectNode) row));
        }
        CompiledWrite w = new CompiledWrite(WriteAction.INSERT, shadow, statements, null);
        store.inTransaction(c -> writer.execute(c, w));
        return rows.size();
    }

    /**
     * Target: replaces {@code table} by its loaded shadow and sets its claim and position to the donor's, with the
     * table's log cleared (its history before the snapshot is the donor's), under the table's apply lock so no batch
     * lands between. SQLite: one transaction (its DDL is transactional). MySQL: one atomic {@code RENAME TABLE},
     * then the position in its own transaction.
     */
    public ReplicaPosition swap(String db, String table, Swap s) {
        DataStore store = stores.require(db);
        TableSchema shadow = shadow(db, table);
        if (s.cluster() == null || s.cluster().isBlank() || s.seq() < 0 || s.term() < 0) {
            throw new BadRequestException("a swap needs cluster, term and seq", "{\"cluster\", \"cluster_name\", \"term\", \"seq\"}");
        }
        ReplicationClaims.Replicas r = claims.replicas(store);
        ReentrantLock lock = r.lock(table);
        lock.lock();
        try {
            TablePosition before = r.position(table);
            if (before.claim() != null && !before.claim().cluster().equals(s.cluster())) {
                throw ReplicationClaims.belongsTo(table, before.claim());
            }
            long term = Math.max(before.term(), s.term());
            ReplicaClaim claim = before.claim() != null ? before.claim()
                    : new ReplicaClaim(s.cluster(), s.clusterName() == null ? s.cluster() : s.clusterName());
            Dialect d = store.dialect();
            String q = d.quote(table);
            String qs = d.quote(shadow.name());
            store.refreshSchema();
            boolean exists = store.table(table).isPresent();
            if (d == Dialect.MYSQL) {
                String old = d.quote(SHADOW_PREFIX + "old_" + table);
                store.withConnection(c -> {
                    try (Statement st = c.createStatement()) {
                        st.execute("DROP TABLE IF EXISTS " + old);
                        st.execute(exists ? "RENAME TABLE " + q + " TO " + old + ", " + qs + " TO " + q
                                : "RENAME TABLE " + qs + " TO " + q);
                        st.execute("DROP TABLE IF EXISTS " + old);
                    }
                    return null;
                });
            }
            store.inTransaction(c -> {
                if (d != Dialect.MYSQL) {
                    try (Statement st = c.createStatement()) {
                        if (exists) st.execute("DROP TABLE " + q);
                        st.execute("ALTER TABLE " + qs + " RENAME TO " + q);
                    }
                }
                if (before.claim() == null) {
                    PositionStore.insertClaim(c, table, claim, term, s.seq());
                } else {
                    PositionStore.advance(c, table, term, s.seq());
                }
                ReplicationLog.pruneUpTo(c, table, Long.MAX_VALUE);
                return null;
            });
            shadows.remove(db + "/" + table);
            store.refreshSchema();
            TablePosition after = new TablePosition(claim, term, s.seq(), 0);
            r.positions.put(table, after);
            return after.toWire(table);
        } finally {
            lock.unlock();
        }
    }

    private TableSchema shadow(String db, String table) {
        TableSchema s = shadows.get(db + "/" + table);
        if (s == null) {
            throw new ConflictException("no snapshot load in progress for table " + table,
                    "POST /db/" + db + "/replication/" + table + "/snapshot/begin first");
        }
        return s;
    }

    private static TableSchema definition(String table, JsonNode config) {
        if (config == null || !config.isObject()) throw new BadRequestException("config must be the table's config object");
        ObjectNode def = OutcomeJson.MAPPER.createObjectNode();
        def.set(table, config);
        List<TableSchema> defs = TableDefinitions.parse(def);
        if (defs.size() != 1) throw new BadRequestException("config must define exactly table " + table);
        return defs.get(0);
    }

    static String shadowName(String table) {
        return SHADOW_PREFIX + table;
    }

    /** {term, applied seq} of the table, read on {@code c} (inside the snapshot). */
    private static long[] position(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT term, applied_seq FROM " + InternalTables.POSITIONS
                + " WHERE table_name = ?")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new NotFoundException("table " + table + " is not replicated here");
                return new long[] {rs.getLong(1), rs.getLong(2)};
            }
        }
    }

    private static long count(Connection c, DataStore store, TableSchema schema) throws SQLException {
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + store.dialect().quote(schema.name()))) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    private static void line(JsonGenerator g, OutputStream out, JsonNode node) throws IOException {
        g.writeTree(node);
        g.flush();
        out.write('\n');
    }
}
