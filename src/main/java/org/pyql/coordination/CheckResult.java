package org.pyql.coordination;

/**
 * One member's answer to a quorum check ({@code POST /pyql/quorum/check}): {@code status} 200 when it refreshed and
 * answered in time, 504 when it did not (its last announced snapshot, if any, is attached), 503 when this node is not
 * running coordination. {@code node} is the member's pyql id, or its Hazelcast uuid before it announced one.
 */
public record CheckResult(String node, int status, String message, QuorumSnapshot quorum) {
}
