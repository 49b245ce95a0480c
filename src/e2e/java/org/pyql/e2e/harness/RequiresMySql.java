package org.pyql.e2e.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a test class that needs the MySQL/MariaDB server. When it is unreachable the class is reported as skipped,
 * with a loud banner on stderr, unless {@code PYQL_REQUIRE_MYSQL=1}: then it runs and fails with the reason (call
 * {@link MySql#requireOrSkip} in its {@code @BeforeAll}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ExtendWith(MySql.SkipWhenUnavailable.class)
public @interface RequiresMySql {
}
