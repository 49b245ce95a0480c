package org.pyql.endpoint;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import org.pyql.error.BadRequestException;
import org.pyql.error.ConflictException;
import org.pyql.error.NotFoundException;
import org.pyql.error.PyqlException;
import org.pyql.error.UnavailableException;

/**
 * Maps database errors to what they mean for the caller: constraint violations are 409, values the database refused
 * are 400, an unreachable database is 503. Nothing is swallowed; the database's own message goes into {@code detail}.
 */
final class SqlErrors {
    private SqlErrors() {
    }

    static PyqlException translate(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        int code = e.getErrorCode();
        String msg = e.getMessage();
        for (Throwable t = e; t != null; t = t.getCause() != null ? t.getCause()
                : t instanceof SQLException s ? s.getNextException() : null) {
            if (t instanceof org.sqlite.SQLiteException s) return sqlite(s.getResultCode(), s.getMessage(), e);
        }
        org.sqlite.SQLiteErrorCode fromText = sqliteCodeInText(msg);
        if (fromText != null) return sqlite(fromText, msg, e);
        // MySQL / MariaDB
        switch (code) {
            case 1062, 1586: return new ConflictException("duplicate key", msg, e);
            case 1451, 1452, 1216, 1217: return new ConflictException("foreign key constraint violated", msg, e);
            case 3819, 4025: return new ConflictException("check constraint violated", msg, e);
            case 1048, 1364: return new BadRequestException("missing value for a NOT NULL column", msg, e);
            case 1406, 1264, 1366, 1292, 1265: return new BadRequestException("value rejected by the database", msg, e);
            case 1146: return new NotFoundException("table not found", msg, e);
            case 1050: return new ConflictException("table already exists", msg, e);
            case 1005, 1215, 1822, 1824, 1117, 1118: return new BadRequestException("invalid table definition", msg, e);
            case 1390: return new BadRequestException("statement too large", msg, e);   // too many placeholders
            default: break;
        }
        if (state.startsWith("08") || e instanceof SQLTransientConnectionException) {
            return new UnavailableException("database unavailable", msg, e);
        }
        if (state.startsWith("23")) return new ConflictException("constraint violated", msg, e);
        if (state.startsWith("22")) return new BadRequestException("value rejected by the database", msg, e);
        return new PyqlException(500, "database error", msg, e);
    }

    /** sqlite-jdbc's batch failures are plain BatchUpdateExceptions that only name the code in their text. */
    private static org.sqlite.SQLiteErrorCode sqliteCodeInText(String msg) {
        if (msg == null) return null;
        int start = msg.indexOf("[SQLITE_");
        int end = start < 0 ? -1 : msg.indexOf(']', start);
        if (end < 0) return null;
        try {
            return org.sqlite.SQLiteErrorCode.valueOf(msg.substring(start + 1, end));
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    private static PyqlException sqlite(org.sqlite.SQLiteErrorCode code, String msg, SQLException e) {
        return switch (code) {
            case SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE -> new ConflictException("duplicate key", msg, e);
            case SQLITE_CONSTRAINT_FOREIGNKEY -> new ConflictException("foreign key constraint violated", msg, e);
            case SQLITE_CONSTRAINT_NOTNULL -> new BadRequestException("missing value for a NOT NULL column", msg, e);
            case SQLITE_CONSTRAINT_CHECK -> new ConflictException("check constraint violated", msg, e);
            case SQLITE_CONSTRAINT, SQLITE_CONSTRAINT_TRIGGER -> new ConflictException("constraint violated", msg, e);
            case SQLITE_BUSY, SQLITE_LOCKED, SQLITE_CANTOPEN, SQLITE_IOERR, SQLITE_FULL ->
                    new UnavailableException("database unavailable", msg, e);
            case SQLITE_TOOBIG, SQLITE_MISMATCH, SQLITE_RANGE -> new BadRequestException("value rejected by the database", msg, e);
            default -> {
                if (msg != null && msg.contains("no such table")) yield new NotFoundException("table not found", msg, e);
                // the limits of org.pyql.query.QueryLimits keep requests below these; a table made by other tools may not
                if (msg != null && (msg.contains("too many columns") || msg.contains("too many SQL variables")
                        || msg.contains("Expression tree is too large"))) {
                    yield new BadRequestException("request exceeds a database limit", msg, e);
                }
                if (msg != null && msg.contains("foreign key mismatch")) {
                    yield new ConflictException("the table's foreign key references a column that is not unique", msg, e);
                }
                if (msg != null && msg.contains("already exists")) yield new ConflictException("table already exists", msg, e);
                yield new PyqlException(500, "database error", msg, e);
            }
        };
    }
}
