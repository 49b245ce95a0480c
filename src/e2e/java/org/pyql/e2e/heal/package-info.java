/**
 * End-to-end tests of replica healing: endpoints stopped while writes go on and restarted, caught up by log replay
 * (or by snapshot when the gap left the log's retention), and the healing jobs they show. Real Payara Micro cluster
 * nodes and endpoints on SQLite and MySQL, through the {@code org.pyql.e2e.data.DataCluster} fixture.
 */
package org.pyql.e2e.heal;
