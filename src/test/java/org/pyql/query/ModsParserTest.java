package org.pyql.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.pyql.query.Fixtures.assertBadRequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ModsParserTest {

    private static ColumnMods parse(ColumnType type, boolean pk, String mods) {
        return ModsParser.parseColumn("c", type, pk, mods);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "                                     | \"\"",
            "not null                             | NOT NULL",
            "NULL                                 | NULL",
            "unique   not NULL                    | NOT NULL UNIQUE",
            "Default Null                         | DEFAULT NULL",
            "DEFAULT 5                            | DEFAULT 5",
            "DEFAULT -2.50                        | DEFAULT -2.50",
            "DEFAULT 1e3                          | DEFAULT 1000",
            "NOT NULL DEFAULT 'hello world'       | NOT NULL DEFAULT 'hello world'",
            "DEFAULT ''                           | DEFAULT ''",
            "default current_timestamp            | DEFAULT CURRENT_TIMESTAMP",
    })
    void normalisesStrAndNumberMods(String mods, String expected) {
        ColumnType type = mods != null && (mods.contains("5") || mods.contains("1e3")) ? ColumnType.FLOAT : ColumnType.STR;
        assertEquals(expected, parse(type, false, mods).text());
    }

    @ParameterizedTest
    @ValueSource(strings = {"NOT NULL AUTO_INCREMENT", "AUTOINCREMENT NOT NULL", "not null auto increment",
            "PRIMARY KEY NOT NULL AUTO_INCREMENT", "NOT NULL auto_increment primary key"})
    void autoIncrementSpellingsOnIntPrimaryKey(String mods) {
        ColumnMods m = parse(ColumnType.INT, true, mods);
        assertTrue(m.autoIncrement());
        assertEquals("NOT NULL AUTO_INCREMENT", m.text());
    }

    @Test
    void flagsOfTheResultingColumn() {
        Column pk = TableDefinitions.column("id", ColumnType.INT, "AUTOINCREMENT", true);
        assertTrue(pk.notNull());
        assertTrue(pk.autoIncrement());
        assertFalse(pk.required());
        assertEquals("AUTO_INCREMENT", pk.mods());

        Column plainPk = TableDefinitions.column("id", ColumnType.STR, "", true);
        assertTrue(plainPk.notNull());
        assertTrue(plainPk.required());

        Column withDefault = TableDefinitions.column("n", ColumnType.INT, "NOT NULL DEFAULT 0", false);
        assertTrue(withDefault.notNull());
        assertTrue(withDefault.hasDefault());
        assertFalse(withDefault.required());

        Column defaultNull = TableDefinitions.column("n", ColumnType.INT, "DEFAULT NULL", false);
        assertTrue(defaultNull.hasDefault());
        assertFalse(defaultNull.notNull());

        Column plain = TableDefinitions.column("n", ColumnType.INT, null, false);
        assertEquals("", plain.mods());
        assertFalse(plain.notNull() || plain.hasDefault() || plain.autoIncrement());
    }

    @Test
    void primaryKeyWordIsIgnored() {
        assertEquals("UNIQUE", parse(ColumnType.INT, true, "PRIMARY KEY UNIQUE").text());
        assertEquals("", parse(ColumnType.INT, false, "primary key").text());
    }

    @Test
    void defaultsOfEachType() {
        assertEquals(DefaultValue.Kind.TRUE, parse(ColumnType.BOOL, false, "DEFAULT true").defaultValue().kind());
        assertEquals("DEFAULT FALSE", parse(ColumnType.BOOL, false, "DEFAULT FALSE").text());
        assertEquals("DEFAULT 1", parse(ColumnType.BOOL, false, "DEFAULT 1").text());
        assertEquals("DEFAULT -7", parse(ColumnType.INT, false, "DEFAULT -7").text());
        assertEquals("DEFAULT 7", parse(ColumnType.INT, false, "DEFAULT 7.0").text());
        assertEquals("DEFAULT 100", parse(ColumnType.INT, false, "DEFAULT 1e2").text());
        assertEquals("DEFAULT 12", parse(ColumnType.STR, false, "DEFAULT 12").text());
        assertEquals("DEFAULT NULL", parse(ColumnType.BLOB, false, "DEFAULT NULL").text());
        assertNull(parse(ColumnType.STR, false, "UNIQUE").defaultValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "NOT", "NOT NUL", "NOTNULL", "UNIQUE KEY", "PRIMARY", "AUTO", "AUTO INC", "DEFAULT", "DEFAULT abc",
            "DEFAULT 'it's'", "DEFAULT 'unterminated", "DEFAULT 'a'b", "CHECK (1=1)", "NOT NULL, UNIQUE",
            "REFERENCES x(id)", "UNIQUE; DROP TABLE x", "DEFAULT 1; DROP TABLE x", "COLLATE utf8_bin", "'UNIQUE'",
            "DEFAULT (1)", "DEFAULT NOW()", "UNIQUE UNIQUE", "NOT NULL NOT NULL", "DEFAULT 1 DEFAULT 2",
            "NOT NULL NULL", "NOT NULL DEFAULT NULL", "AUTO_INCREMENT",
    })
    void rejectsAnythingOutsideTheVocabulary(String mods) {
        assertBadRequest(() -> parse(ColumnType.STR, false, mods), "column c");
    }

    @Test
    void rejectsMisplacedOrMistypedMods() {
        assertBadRequest(() -> parse(ColumnType.INT, false, "AUTO_INCREMENT"), "AUTO_INCREMENT", "int primary key");
        assertBadRequest(() -> parse(ColumnType.STR, true, "AUTO_INCREMENT"), "AUTO_INCREMENT", "str");
        assertBadRequest(() -> parse(ColumnType.INT, true, "AUTO_INCREMENT DEFAULT 1"), "AUTO_INCREMENT and DEFAULT");
        assertBadRequest(() -> parse(ColumnType.INT, true, "NULL"), "NULL on the primary key");
        assertBadRequest(() -> parse(ColumnType.INT, true, "DEFAULT NULL"), "DEFAULT NULL");
        assertBadRequest(() -> parse(ColumnType.INT, false, "DEFAULT 1.5"), "DEFAULT 1.5", "int");
        assertBadRequest(() -> parse(ColumnType.INT, false, "DEFAULT 'x'"), "int");
        assertBadRequest(() -> parse(ColumnType.INT, false, "DEFAULT TRUE"), "int");
        assertBadRequest(() -> parse(ColumnType.INT, false, "DEFAULT 99999999999999999999"), "int");
        assertBadRequest(() -> parse(ColumnType.FLOAT, false, "DEFAULT CURRENT_TIMESTAMP"), "float");
        assertBadRequest(() -> parse(ColumnType.BOOL, false, "DEFAULT 2"), "bool");
        assertBadRequest(() -> parse(ColumnType.BOOL, false, "DEFAULT 'true'"), "bool");
        assertBadRequest(() -> parse(ColumnType.BLOB, false, "DEFAULT 'x'"), "blob");
    }

    @Test
    void errorListsTheAcceptedWords() {
        assertBadRequest(() -> parse(ColumnType.STR, false, "CHECK"), "CHECK", "NOT NULL", "UNIQUE", "DEFAULT");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "                                     | \"\"",
            "on delete cascade                    | ON DELETE CASCADE",
            " ON UPDATE CASCADE ON DELETE CASCADE | ON UPDATE CASCADE ON DELETE CASCADE",
            "ON DELETE SET NULL on update no action | ON DELETE SET NULL ON UPDATE NO ACTION",
            "ON UPDATE RESTRICT                   | ON UPDATE RESTRICT",
    })
    void foreignKeyMods(String mods, String expected) {
        assertEquals(expected, ModsParser.parseForeignKey("fk", mods));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CASCADE", "ON", "ON DELETE", "ON DELETE SET", "ON DELETE NO", "ON INSERT CASCADE",
            "ON DELETE CASCADE ON DELETE CASCADE", "ON DELETE DROP", "ON DELETE CASCADE; DROP TABLE x",
            "ON DELETE SET DEFAULT", "MATCH FULL"})
    void rejectsOtherForeignKeyMods(String mods) {
        assertBadRequest(() -> ModsParser.parseForeignKey("fk", mods), "fk", "ON DELETE", "CASCADE");
    }
}
