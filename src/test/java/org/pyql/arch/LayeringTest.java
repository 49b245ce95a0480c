package org.pyql.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackages;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package layering described in the README's "Layout" section, as a test: arrows point downward only
 * ({@code api -> cluster/auth/endpoint -> query/coordination/state}), {@code query} and the replication wire records
 * know nothing but {@code error} and {@code json}, and the e2e suite talks to the WAR over HTTP only. A failure names
 * the offending class and the dependency.
 */
class LayeringTest {
    private static JavaClasses main;
    private static JavaClasses e2e;

    @BeforeAll
    static void importClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.pyql");
        // the e2e sources compile into target/test-classes (build-helper adds src/e2e as a test source root)
        e2e = new ClassFileImporter().importPackages("org.pyql.e2e");
    }

    /** Project classes outside {@code allowed} (the rule's own package counts as allowed). */
    private static ArchRule onlyUses(String layer, String... allowed) {
        String[] own = new String[allowed.length + 1];
        own[0] = layer;
        System.arraycopy(allowed, 0, own, 1, allowed.length);
        return noClasses().that().resideInAPackage(layer)
                .should().dependOnClassesThat(resideInAPackage("org.pyql..").and(resideOutsideOfPackages(own)))
                .as(layer + " uses no project package" + (allowed.length == 0 ? "" : " but " + String.join(", ", allowed)));
    }

    @Test
    void queryUsesOnlyErrorAndJson() {
        onlyUses("org.pyql.query..", "org.pyql.error..", "org.pyql.json..").check(main);
    }

    @Test
    void replicationWireRecordsUseOnlyErrorAndJson() {
        onlyUses("org.pyql.replication..", "org.pyql.error..", "org.pyql.json..").check(main);
    }

    @Test
    void jsonAndErrorStayNeutral() {
        onlyUses("org.pyql.json..", "org.pyql.error..").check(main);
        onlyUses("org.pyql.error..").check(main);
    }

    @Test
    void stateAndConfigAreLeaves() {
        onlyUses("org.pyql.state..", "org.pyql.error..", "org.pyql.json..").check(main);
        onlyUses("org.pyql.config..", "org.pyql.error..", "org.pyql.json..").check(main);
    }

    @Test
    void metricsAndLoggingAreLeaves() {
        onlyUses("org.pyql.metrics..").check(main);
        onlyUses("org.pyql.logging..").check(main);
    }

    @Test
    void coordinationKnowsNothingAboveIt() {
        noClasses().that().resideInAPackage("org.pyql.coordination..")
                .should().dependOnClassesThat().resideInAnyPackage("org.pyql.auth..", "org.pyql.cluster..",
                        "org.pyql.endpoint..")
                .check(main);
    }

    @Test
    void authKnowsNoDataClusters() {
        noClasses().that().resideInAPackage("org.pyql.auth..")
                .should().dependOnClassesThat().resideInAnyPackage("org.pyql.cluster..", "org.pyql.endpoint..")
                .check(main);
    }

    @Test
    void endpointUsesNoClusterAuthOrCoordination() {
        noClasses().that().resideInAPackage("org.pyql.endpoint..")
                .should().dependOnClassesThat().resideInAnyPackage("org.pyql.cluster..", "org.pyql.auth..",
                        "org.pyql.coordination..")
                .check(main);
    }

    @Test
    void nothingUsesApi() {
        noClasses().that().resideOutsideOfPackage("org.pyql.api..")
                .should().dependOnClassesThat().resideInAPackage("org.pyql.api..")
                .check(main);
    }

    @Test
    void e2eTalksHttpOnly() {
        // the deployment generators are a client-side CLI (src/deploy): the Kubernetes-flow test builds in-process the
        // objects `kubectl apply` would get from them; the server's own packages stay off-limits to e2e code
        onlyUses("org.pyql.e2e..", "org.pyql.deploy..").check(e2e);
    }
}
