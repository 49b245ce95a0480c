package org.pyql.endpoint;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.pyql.config.DatabaseSpec;
import org.pyql.error.NotFoundException;

/** The databases this endpoint serves, by name; opened once at start, closed at undeploy. */
@ApplicationScoped
public class DataStores {
    private volatile Map<String, DataStore> stores = Map.of();

    public synchronized void open(Collection<DatabaseSpec> specs) {
        Map<String, DataStore> opened = new LinkedHashMap<>();
        for (DatabaseSpec spec : specs) {
            DataStore store = new DataStore(spec);
            store.open();
            opened.put(spec.name(), store);
        }
        stores = java.util.Collections.unmodifiableMap(opened);
    }

    /** The named database, or 404. */
    public DataStore require(String db) {
        DataStore s = stores.get(db);
        if (s == null) {
            throw new NotFoundException("database " + db + " not found", "this endpoint serves " + stores.keySet());
        }
        return s;
    }

    public Collection<DataStore> all() {
        return stores.values();
    }

    @PreDestroy
    synchronized void close() {
        stores.values().forEach(DataStore::close);
        stores = Map.of();
    }
}
