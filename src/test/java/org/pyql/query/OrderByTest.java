package org.pyql.query;

import static org.pyql.query.Fixtures.CATALOG;
import static org.pyql.query.Fixtures.EMPLOYEES;
import static org.pyql.query.Fixtures.LOG;
import static org.pyql.query.Fixtures.STOCKS;
import static org.pyql.query.Fixtures.assertBadRequest;
import static org.pyql.query.Fixtures.assertStatement;
import static org.pyql.query.Fixtures.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** orderby forms, the primary-key tie-breaker, limit and offset. */
class OrderByTest {
    private static final String SELECT = "SELECT `symbol` FROM `stocks`";

    private static SqlStatement stocks(Dialect d, String extra) {
        return new QueryCompiler(d).select(STOCKS, CATALOG, json("{\"select\":[\"symbol\"]" + extra + "}"))
                .statement();
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void singleColumn(Dialect d) {
        assertStatement(stocks(d, ",\"orderby\":\"symbol\""), d, SELECT + " ORDER BY `symbol`, `order_num`");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void columnWithDirectionIsOneKey(Dialect d) {
        assertStatement(stocks(d, ",\"orderby\":[\"price\",\"DESC\"]"), d, SELECT + " ORDER BY `price` DESC, `order_num`");
        assertStatement(stocks(d, ",\"orderby\":[\"price\",\"asc\"]"), d, SELECT + " ORDER BY `price`, `order_num`");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void listOfKeys(Dialect d) {
        assertStatement(stocks(d, ",\"orderby\":[[\"price\",\"desc\"],\"symbol\"]"), d,
                SELECT + " ORDER BY `price` DESC, `symbol`, `order_num`");
        assertStatement(stocks(d, ",\"orderby\":[\"price\",\"symbol\"]"), d,
                SELECT + " ORDER BY `price`, `symbol`, `order_num`");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void primaryKeyGivenExplicitlyIsNotRepeated(Dialect d) {
        assertStatement(stocks(d, ",\"orderby\":[[\"order_num\",\"desc\"]]"), d, SELECT + " ORDER BY `order_num` DESC");
        assertStatement(stocks(d, ",\"orderby\":\"stocks.order_num\""), d, SELECT + " ORDER BY `order_num`");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void joinedColumnsAndTieBreakers(Dialect d) {
        SqlStatement s = new QueryCompiler(d).select(EMPLOYEES, CATALOG, json("{\"select\":[\"name\"],"
                + "\"join\":\"positions\",\"orderby\":[[\"positions.name\",\"desc\"],\"name\"]}")).statement();
        assertStatement(s, d, "SELECT `employees`.`name` FROM `employees` "
                + "JOIN `positions` ON `employees`.`position_id` = `positions`.`id` "
                + "ORDER BY `positions`.`name` DESC, `employees`.`name`, `employees`.`id`, `positions`.`id`");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tableWithoutPrimaryKeyOrdersOnlyByWhatIsAsked(Dialect d) {
        assertStatement(new QueryCompiler(d).select(LOG, CATALOG, json("{\"select\":[\"*\"],\"orderby\":\"msg\"}"))
                .statement(), d, "SELECT `msg` FROM `log` ORDER BY `msg`");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void limitAndOffsetAreBound(Dialect d) {
        assertStatement(stocks(d, ",\"limit\":10"), d, SELECT + " ORDER BY `order_num` LIMIT ?", 10L);
        assertStatement(stocks(d, ",\"limit\":10,\"offset\":20"), d,
                SELECT + " ORDER BY `order_num` LIMIT ? OFFSET ?", 10L, 20L);
        assertStatement(stocks(d, ",\"limit\":0,\"where\":{\"qty\":1}"), d,
                SELECT + " WHERE `qty` = ? ORDER BY `order_num` LIMIT ?", 1L, 0L);
    }

    @Test
    void offsetWithoutLimitPerDialect() {
        assertStatement(stocks(Dialect.MYSQL, ",\"offset\":5"), Dialect.MYSQL,
                SELECT + " ORDER BY `order_num` LIMIT 18446744073709551615 OFFSET ?", 5L);
        assertStatement(stocks(Dialect.SQLITE, ",\"offset\":5"), Dialect.SQLITE,
                SELECT + " ORDER BY `order_num` LIMIT -1 OFFSET ?", 5L);
    }

    @Test
    void errors() {
        Dialect d = Dialect.MYSQL;
        assertBadRequest(() -> stocks(d, ",\"orderby\":[[\"price\",\"sideways\"]]"), "sideways", "asc");
        assertBadRequest(() -> stocks(d, ",\"orderby\":[\"price\",\"sideways\"]"), "sideways");
        assertBadRequest(() -> stocks(d, ",\"orderby\":\"nope\""), "nope", "orderby");
        assertBadRequest(() -> stocks(d, ",\"orderby\":\"positions.name\""), "positions", "not part of this query");
        assertBadRequest(() -> stocks(d, ",\"orderby\":[]"), "orderby");
        assertBadRequest(() -> stocks(d, ",\"orderby\":5"), "orderby");
        assertBadRequest(() -> stocks(d, ",\"orderby\":[[\"price\"]]"), "orderby");
        assertBadRequest(() -> stocks(d, ",\"orderby\":{\"price\":\"desc\"}"), "orderby");
        assertBadRequest(() -> stocks(d, ",\"limit\":-1"), "limit", "non-negative");
        assertBadRequest(() -> stocks(d, ",\"limit\":\"10\""), "limit");
        assertBadRequest(() -> stocks(d, ",\"limit\":1.5"), "limit");
        assertBadRequest(() -> stocks(d, ",\"limit\":99999999999999999999"), "limit");
        assertBadRequest(() -> stocks(d, ",\"offset\":-3"), "offset", "non-negative");
        assertBadRequest(() -> stocks(d, ",\"offset\":\"1; DROP TABLE stocks\""), "offset");
    }
}
