package org.pyql.query;

import java.util.Locale;

import org.pyql.error.BadRequestException;

/** The PYQL column types, named as in the original table config ({@code int str float bool blob}). */
public enum ColumnType {
    INT("int"), STR("str"), FLOAT("float"), BOOL("bool"), BLOB("blob");

    private final String pyqlName;

    ColumnType(String pyqlName) { this.pyqlName = pyqlName; }

    /** The name used in table configs, both read and written (the original's {@code bytes} is read as blob). */
    public String pyqlName() { return pyqlName; }

    public static ColumnType fromPyql(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (ColumnType t : values()) {
                if (t.pyqlName.equals(n)) return t;
            }
            if (n.equals("bytes")) return BLOB;
        }
        throw new BadRequestException("invalid column type " + name, "use one of: int, str, float, bool, blob");
    }
}
