package org.pyql.query;

/** {@code column} of the owning table references {@code refTable(refColumn)}; {@code mods} like {@code ON DELETE CASCADE}. */
public record ForeignKey(String column, String refTable, String refColumn, String mods) {
}
