package org.pyql.e2e.endpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.pyql.e2e.harness.Json;

/**
 * The original's seed data (spec §6.1, test.py): stocks with a nested {@code trans} object, departments / positions /
 * employees (4 / 16 / 60) with cascading foreign keys, and a keystore. Employee names are deterministic; a few carry
 * the names the spec's examples (§2.8) query for.
 */
final class SeedData {
    private SeedData() {
    }

    static final String[] DEPARTMENTS = {"HR", "Sales", "Support", "Marketing"};
    static final int[] DEPARTMENT_IDS = {1001, 2001, 3001, 4001};
    static final String[] POSITIONS = {"Director", "Manager", "Rep", "Intern"};
    /** Employees per position and department: 1 Director, 2 Managers, 4 Reps, 8 Interns (15 per department). */
    static final int[] PER_DEPARTMENT = {1, 2, 4, 8};
    static final int FIRST_EMPLOYEE = 1000;
    static final int EMPLOYEES = 60;

    /** Names the spec's example queries look for: id -> name. */
    static final Map<Integer, String> NAMED = Map.of(
            1000, "Jane Doe",        // HR Director
            1001, "Dale Smith",      // HR Manager (position 100102)
            1004, "Frank Franklin",  // HR Rep; the only name containing "ank"
            1015, "Eli Adams",       // Sales Director
            1030, "Carson Wentz");   // Support Director; the only name starting with "Car"
    private static final String[] FIRST = {"Ada", "Bob", "Cy", "Di", "Ed", "Flo", "Gus", "Hal", "Ivy", "Jo"};
    private static final String[] LAST = {"Moss", "Nash", "Oakes", "Pike", "Quinn", "Reed"};

    /** The §6.1 trade's {@code trans}. */
    static final String TRADE_TRANS = "{'type': 'BUY', 'condition': {'limit': '36.00', 'time': 'EndOfTradingDay'}}";
    /** The same object with every key order reversed: equal as JSON, different as text. */
    static final String TRADE_TRANS_REORDERED = "{'condition': {'time': 'EndOfTradingDay', 'limit': '36.00'}, 'type': 'BUY'}";

    static String stocksConfig(String table, Backend backend) {
        return """
                {'%s': {'columns': [
                    {'name': 'order_num', 'type': 'int', 'mods': 'NOT NULL %s'},
                    {'name': 'date', 'type': 'str', 'mods': ''},
                    {'name': 'trans', 'type': 'str', 'mods': ''},
                    {'name': 'symbol', 'type': 'str', 'mods': ''},
                    {'name': 'qty', 'type': 'int', 'mods': ''},
                    {'name': 'price', 'type': 'float', 'mods': ''},
                    {'name': 'after_hours', 'type': 'bool', 'mods': ''}],
                  'primary_key': 'order_num', 'foreign_keys': null}}""".formatted(table, backend.autoIncrement);
    }

    /** departments, positions and employees (with the given prefix), FKs ON UPDATE CASCADE ON DELETE CASCADE. */
    static String orgConfig(String prefix) {
        return """
                {'%1$sdepartments': {'columns': [
                    {'name': 'id', 'type': 'int', 'mods': 'UNIQUE'},
                    {'name': 'name', 'type': 'str', 'mods': ''}],
                  'primary_key': 'id', 'foreign_keys': null},
                 '%1$spositions': {'columns': [
                    {'name': 'id', 'type': 'int', 'mods': 'UNIQUE'},
                    {'name': 'name', 'type': 'str', 'mods': ''},
                    {'name': 'department_id', 'type': 'int', 'mods': ''}],
                  'primary_key': 'id',
                  'foreign_keys': {'department_id': {'table': '%1$sdepartments', 'ref': 'id',
                                                     'mods': 'ON UPDATE CASCADE ON DELETE CASCADE'}}}}""".formatted(prefix);
    }

    /** employees is created by itself through POST /db/{db}/table/{t}/create (the other create route). */
    static String employeesConfig(String prefix) {
        return """
                {'%1$semployees': {'columns': [
                    {'name': 'id', 'type': 'int', 'mods': 'UNIQUE'},
                    {'name': 'name', 'type': 'str', 'mods': ''},
                    {'name': 'position_id', 'type': 'int', 'mods': ''}],
                  'primary_key': 'id',
                  'foreign_keys': {'position_id': {'table': '%1$spositions', 'ref': 'id',
                                                   'mods': 'ON UPDATE CASCADE ON DELETE CASCADE'}}}}""".formatted(prefix);
    }

    static String keystoreConfig(String table) {
        return """
                {'%s': {'columns': [
                    {'name': 'env', 'type': 'str', 'mods': 'UNIQUE NOT NULL'},
                    {'name': 'val', 'type': 'str', 'mods': ''}],
                  'primary_key': 'env', 'foreign_keys': null}}""".formatted(table);
    }

    static ArrayNode departments() {
        ArrayNode rows = Json.array();
        for (int d = 0; d < DEPARTMENTS.length; d++) {
            rows.addObject().put("id", DEPARTMENT_IDS[d]).put("name", DEPARTMENTS[d]);
        }
        return rows;
    }

    /** Position id {@code <department id><01..04>}, e.g. 100101 = HR Director. */
    static int positionId(int departmentIndex, int positionIndex) {
        return DEPARTMENT_IDS[departmentIndex] * 100 + positionIndex + 1;
    }

    static ArrayNode positions() {
        ArrayNode rows = Json.array();
        for (int d = 0; d < DEPARTMENTS.length; d++) {
            for (int p = 0; p < POSITIONS.length; p++) {
                rows.addObject().put("id", positionId(d, p)).put("name", POSITIONS[p]).put("department_id", DEPARTMENT_IDS[d]);
            }
        }
        return rows;
    }

    record Employee(int id, String name, int positionId, String position, String department) {
    }

    static List<Employee> employeeList() {
        List<Employee> out = new ArrayList<>();
        int id = FIRST_EMPLOYEE;
        for (int d = 0; d < DEPARTMENTS.length; d++) {
            for (int p = 0; p < POSITIONS.length; p++) {
                for (int k = 0; k < PER_DEPARTMENT[p]; k++) {
                    int i = id - FIRST_EMPLOYEE;
                    String name = NAMED.getOrDefault(id, FIRST[i % FIRST.length] + " " + LAST[i / FIRST.length]);
                    out.add(new Employee(id, name, positionId(d, p), POSITIONS[p], DEPARTMENTS[d]));
                    id++;
                }
            }
        }
        if (out.size() != EMPLOYEES) throw new IllegalStateException("seed has " + out.size() + " employees");
        return out;
    }

    static ArrayNode employees() {
        ArrayNode rows = Json.array();
        for (Employee e : employeeList()) {
            rows.addObject().put("id", e.id()).put("name", e.name()).put("position_id", e.positionId());
        }
        return rows;
    }

    static long countEmployees(java.util.function.Predicate<Employee> p) {
        return employeeList().stream().filter(p).count();
    }

    /** The §6.1 trade, order 1. */
    static ObjectNode trade1() {
        return Json.object("{'order_num': 1, 'date': '2006-01-05', 'trans': " + TRADE_TRANS
                + ", 'symbol': 'RHAT', 'qty': 100, 'price': 35.14, 'after_hours': true}");
    }

    /** The §6.1 partial insert (order 2 by auto increment): the README's sample row. */
    static ObjectNode trade2Partial() {
        return Json.object("{'date': '2006-01-05', 'trans': " + TRADE_TRANS
                + ", 'price': 35.16, 'qty': null, 'symbol': null, 'after_hours': true}");
    }

    static ObjectNode trade2Full() {
        ObjectNode o = Json.object("{'order_num': 2}");
        o.setAll(trade2Partial());
        return o;
    }
}
