package org.pyql.e2e.endpoint;

import org.pyql.e2e.harness.SharedEndpoint;

/** The two database kinds the endpoint suite runs every case against, and their database names on the shared node. */
public enum Backend {
    SQLITE(SharedEndpoint.SQLITE_DB, "AUTOINCREMENT"),
    MYSQL(SharedEndpoint.MYSQL_DB, "AUTO_INCREMENT");

    /** The {@code {db}} of {@code /db/{db}/...}. */
    public final String db;
    /** The auto-increment mod the original's test.py uses on this back end. */
    public final String autoIncrement;

    Backend(String db, String autoIncrement) {
        this.db = db;
        this.autoIncrement = autoIncrement;
    }
}
