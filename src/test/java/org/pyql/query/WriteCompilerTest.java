package org.pyql.query;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.pyql.query.Fixtures.CATALOG;
import static org.pyql.query.Fixtures.DEPARTMENTS;
import static org.pyql.query.Fixtures.FILES;
import static org.pyql.query.Fixtures.KEYSTORE;
import static org.pyql.query.Fixtures.LOG;
import static org.pyql.query.Fixtures.STOCKS;
import static org.pyql.query.Fixtures.assertBadRequest;
import static org.pyql.query.Fixtures.assertStatement;
import static org.pyql.query.Fixtures.json;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Insert, update and delete examples of spec table 2.8 and their errors. */
class WriteCompilerTest {
    private static final String TRADE = "{\"type\":\"BUY\",\"condition\":{\"time\":\"EndOfTradingDay\",\"limit\":\"36.00\"}}";
    private static final String TRADE_CANONICAL =
            "{\"condition\":{\"limit\":\"36.00\",\"time\":\"EndOfTradingDay\"},\"type\":\"BUY\"}";

    private static ObjectNode row(String text) {
        return (ObjectNode) json(text);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void insertFullRowInDefinitionOrder(Dialect d) {
        SqlStatement s = new QueryCompiler(d).insert(STOCKS, row("{\"symbol\":\"RHAT\",\"order_num\":1,"
                + "\"date\":\"2006-01-05\",\"trans\":" + TRADE + ",\"qty\":100,\"price\":35.14,\"after_hours\":true}"));
        assertStatement(s, d, "INSERT INTO `stocks` (`order_num`, `date`, `trans`, `symbol`, `qty`, `price`, "
                + "`after_hours`) VALUES (?, ?, ?, ?, ?, ?, ?)", 1L, "2006-01-05", TRADE_CANONICAL, "RHAT", 100L, 35.14, true);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void insertWithNullsAndOmittedAutoIncrement(Dialect d) {
        SqlStatement s = new QueryCompiler(d).insert(STOCKS, row("{\"date\":\"2006-01-05\",\"trans\":" + TRADE
                + ",\"price\":35.16,\"qty\":null,\"symbol\":null,\"after_hours\":true}"));
        assertStatement(s, d, "INSERT INTO `stocks` (`date`, `trans`, `symbol`, `qty`, `price`, `after_hours`) "
                + "VALUES (?, ?, ?, ?, ?, ?)", "2006-01-05", TRADE_CANONICAL, null, null, 35.16, true);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void nullOnAutoIncrementKeyMeansGenerate(Dialect d) {
        assertStatement(new QueryCompiler(d).insert(STOCKS, row("{\"order_num\":null,\"qty\":1}")), d,
                "INSERT INTO `stocks` (`qty`) VALUES (?)", 1L);
    }

    @Test
    void emptyInsertUsesDefaultValuesPerDialect() {
        assertEquals("INSERT INTO `stocks` () VALUES ()",
                new QueryCompiler(Dialect.MYSQL).insert(STOCKS, row("{}")).sql());
        assertEquals("INSERT INTO \"stocks\" DEFAULT VALUES",
                new QueryCompiler(Dialect.SQLITE).insert(STOCKS, row("{}")).sql());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void insertConvertsValuesByColumnType(Dialect d) {
        SqlStatement s = new QueryCompiler(d).insert(FILES, row("{\"id\":\"7001\",\"name\":12.5,\"data\":\"AAEC/w==\"}"));
        assertEquals(Fixtures.sql(d, "INSERT INTO `files` (`id`, `name`, `data`) VALUES (?, ?, ?)"), s.sql());
        assertEquals(7001L, s.binds().get(0));
        assertEquals("12.5", s.binds().get(1));
        assertArrayEquals(new byte[] {0, 1, 2, (byte) 0xff}, (byte[]) s.binds().get(2));
    }

    @Test
    void insertErrors() {
        QueryCompiler c = new QueryCompiler(Dialect.MYSQL);
        assertBadRequest(() -> c.insert(DEPARTMENTS, row("{\"id\":1,\"nme\":\"x\"}")),
                "nme", "departments", "[id, name]");
        assertBadRequest(() -> c.insert(DEPARTMENTS, row("{\"name\":\"x\"}")), "required", "id");
        assertBadRequest(() -> c.insert(FILES, row("{\"id\":1}")), "required", "name");
        assertBadRequest(() -> c.insert(FILES, row("{\"id\":1,\"name\":null}")), "name", "cannot be null");
        assertBadRequest(() -> c.insert(FILES, row("{\"id\":1,\"name\":\"a\",\"flag\":null}")), "flag", "cannot be null");
        assertBadRequest(() -> c.insert(KEYSTORE, row("{\"env\":null}")), "env", "cannot be null");
        assertBadRequest(() -> c.insert(STOCKS, row("{\"qty\":6001.9}")), "qty", "int");
        assertBadRequest(() -> c.insert(STOCKS, row("{\"qty\":\"abc\"}")), "qty", "int");
        assertBadRequest(() -> c.insert(STOCKS, row("{\"price\":\"cheap\"}")), "price", "float");
        assertBadRequest(() -> c.insert(STOCKS, row("{\"after_hours\":\"maybe\"}")), "after_hours", "bool");
        assertBadRequest(() -> c.insert(FILES, row("{\"id\":1,\"name\":\"a\",\"data\":\"not base64!\"}")), "data", "blob");
        assertBadRequest(() -> c.insert(FILES, null), "insert body");
        assertBadRequest(() -> c.insert(FILES, row("{\"id\":1,\"name\":\"a\",\"flag\":false}").put("id", true)), "id");
    }

    @Test
    void requiredColumnWithDefaultMayBeOmitted() {
        assertEquals(Fixtures.sql(Dialect.MYSQL, "INSERT INTO `files` (`id`, `name`) VALUES (?, ?)"),
                new QueryCompiler(Dialect.MYSQL).insert(FILES, row("{\"id\":1,\"name\":\"a\"}")).sql());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void updateSetAndWhere(Dialect d) {
        QueryCompiler c = new QueryCompiler(d);
        assertStatement(c.update(STOCKS, CATALOG, json("{\"set\":{\"price\":32.12},\"where\":{\"symbol\":\"NTAP\"}}")),
                d, "UPDATE `stocks` SET `price` = ? WHERE `symbol` = ?", 32.12, "NTAP");
        assertStatement(c.update(STOCKS, CATALOG, json("{\"set\":{\"trans\":{\"type\":\"SELL\"},\"after_hours\":false,"
                        + "\"qty\":101},\"where\":{\"order_num\":1,\"after_hours\":true}}")), d,
                "UPDATE `stocks` SET `trans` = ?, `after_hours` = ?, `qty` = ? WHERE `order_num` = ? AND `after_hours` = ?",
                "{\"type\":\"SELL\"}", false, 101L, 1L, true);
        assertStatement(c.update(STOCKS, CATALOG, json("{\"set\":{\"symbol\":\"W\"},\"where\":[[\"order_num\",\">\",6]]}")),
                d, "UPDATE `stocks` SET `symbol` = ? WHERE `order_num` > ?", "W", 6L);
        assertStatement(c.update(STOCKS, CATALOG, json("{\"set\":{\"qty\":null},\"where\":{\"stocks.qty\":101}}")),
                d, "UPDATE `stocks` SET `qty` = ? WHERE `qty` = ?", null, 101L);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void updateByKey(Dialect d) {
        assertStatement(new QueryCompiler(d).updateByKey(STOCKS, "3", json("{\"price\":11.5,\"symbol\":\"KEYUPD\"}")),
                d, "UPDATE `stocks` SET `price` = ?, `symbol` = ? WHERE `order_num` = ?", 11.5, "KEYUPD", 3L);
    }

    @Test
    void updateErrors() {
        QueryCompiler c = new QueryCompiler(Dialect.SQLITE);
        assertBadRequest(() -> c.update(STOCKS, CATALOG, json("{\"set\":{\"qty\":1},\"where\":{}}")),
                "update/delete requires a non-empty where");
        assertBadRequest(() -> c.update(STOCKS, CATALOG, json("{\"set\":{\"qty\":1},\"where\":[]}")),
                "update/delete requires a non-empty where");
        assertBadRequest(() -> c.update(STOCKS, CATALOG, json("{\"set\":{\"qty\":1}}")),
                "update/delete requires a non-empty where");
        assertBadRequest(() -> c.update(STOCKS, CATALOG, json("{\"where\":{\"qty\":1}}")), "missing set");
        assertBadRequest(() -> c.update(STOCKS, CATALOG, json("{\"set\":{},\"where\":{\"qty\":1}}")), "set", "non-empty");
        assertBadRequest(() -> c.update(STOCKS, CATALOG, json("{\"set\":[1],\"where\":{\"qty\":1}}")), "set", "non-empty");
        assertBadRequest(() -> c.update(STOCKS, CATALOG, json("{\"set\":{\"nope\":1},\"where\":{\"qty\":1}}")),
                "nope", "stocks");
        assertBadRequest(() -> c.update(STOCKS, CATALOG, json("{\"set\":{\"qty\":1},\"where\":{\"qty\":1},\"join\":\"x\"}")),
                "join", "update body");
        assertBadRequest(() -> c.update(FILES, CATALOG, json("{\"set\":{\"name\":null},\"where\":{\"id\":1}}")),
                "name", "cannot be null");
        assertBadRequest(() -> c.update(STOCKS, CATALOG, json("{\"set\":{\"qty\":1},\"where\":{\"positions.name\":1}}")),
                "positions", "not part of this query");
        assertBadRequest(() -> c.update(STOCKS, CATALOG, json("[1]")), "update body");
        assertBadRequest(() -> c.updateByKey(STOCKS, "3", json("{}")), "set", "non-empty");
        assertBadRequest(() -> c.updateByKey(STOCKS, "3", null), "set", "non-empty");
        assertBadRequest(() -> c.updateByKey(STOCKS, "x3", json("{\"qty\":1}")), "order_num", "int");
        assertBadRequest(() -> c.updateByKey(LOG, "3", json("{\"msg\":\"a\"}")), "no primary key");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void deletes(Dialect d) {
        QueryCompiler c = new QueryCompiler(d);
        assertStatement(c.delete(STOCKS, CATALOG, json("{\"where\":{\"order_num\":8}}")), d,
                "DELETE FROM `stocks` WHERE `order_num` = ?", 8L);
        assertStatement(c.delete(STOCKS, CATALOG, json("{\"where\":[[\"order_num\",\"in\",[5,6]]]}")), d,
                "DELETE FROM `stocks` WHERE `order_num` IN (?, ?)", 5L, 6L);
        assertStatement(c.deleteByKey(DEPARTMENTS, "4001"), d, "DELETE FROM `departments` WHERE `id` = ?", 4001L);
        assertStatement(c.deleteByKey(KEYSTORE, "k 1"), d, "DELETE FROM `keystore` WHERE `env` = ?", "k 1");
    }

    @Test
    void deleteErrors() {
        QueryCompiler c = new QueryCompiler(Dialect.MYSQL);
        assertBadRequest(() -> c.delete(STOCKS, CATALOG, json("{}")), "update/delete requires a non-empty where");
        assertBadRequest(() -> c.delete(STOCKS, CATALOG, json("{\"where\":{}}")), "update/delete requires a non-empty where");
        assertBadRequest(() -> c.delete(STOCKS, CATALOG, json("{\"where\":null}")), "update/delete requires a non-empty where");
        assertBadRequest(() -> c.delete(STOCKS, CATALOG, json("{\"where\":{\"nope\":1}}")), "nope");
        assertBadRequest(() -> c.delete(STOCKS, CATALOG, json("{\"where\":{\"qty\":1},\"set\":{}}")), "set", "delete body");
        assertBadRequest(() -> c.delete(STOCKS, CATALOG, null), "delete body");
        assertBadRequest(() -> c.deleteByKey(DEPARTMENTS, "4001.5"), "id", "int");
        assertBadRequest(() -> c.deleteByKey(LOG, "1"), "log", "no primary key");
    }
}
