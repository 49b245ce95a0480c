package org.pyql.query;

/**
 * The modifier flags of one column, parsed from the closed {@code mods} vocabulary by {@link ModsParser}.
 *
 * @param notNull       {@code NOT NULL} was given (a primary key is NOT NULL regardless, see {@link #toColumn})
 * @param nullable      {@code NULL} was given
 * @param defaultValue  the DEFAULT literal, or null when there is no DEFAULT clause
 */
record ColumnMods(boolean notNull, boolean nullable, boolean unique, boolean autoIncrement,
                  DefaultValue defaultValue) {

    static final ColumnMods NONE = new ColumnMods(false, false, false, false, null);

    /** The normalised mods text reported in table configs, e.g. {@code "NOT NULL AUTO_INCREMENT"}. */
    String text() {
        StringBuilder b = new StringBuilder();
        if (notNull) append(b, "NOT NULL");
        if (nullable) append(b, "NULL");
        if (unique) append(b, "UNIQUE");
        if (autoIncrement) append(b, "AUTO_INCREMENT");
        if (defaultValue != null) append(b, "DEFAULT " + defaultValue.modsText());
        return b.toString();
    }

    Column toColumn(String name, ColumnType type, boolean primaryKey) {
        return new Column(name, type, text(), notNull || primaryKey, autoIncrement, defaultValue != null);
    }

    private static void append(StringBuilder b, String word) {
        if (b.length() > 0) b.append(' ');
        b.append(word);
    }
}
