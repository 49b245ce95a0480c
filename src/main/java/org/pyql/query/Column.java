package org.pyql.query;

/**
 * One column of a table as PYQL sees it.
 *
 * @param mods          the normalised modifier text reported in the table config (e.g. {@code "NOT NULL AUTO_INCREMENT"})
 * @param notNull       the database rejects NULL here
 * @param autoIncrement the database generates the value when it is omitted
 * @param hasDefault    the database fills an omitted value (a DEFAULT clause)
 */
public record Column(String name, ColumnType type, String mods, boolean notNull, boolean autoIncrement,
                     boolean hasDefault) {

    /** An insert must name this column. */
    public boolean required() {
        return notNull && !autoIncrement && !hasDefault;
    }
}
