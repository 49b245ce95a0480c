/**
 * End-to-end tests of the web console ({@code /console}) in a real browser: the system's headless Chromium driven by
 * Selenium against real Payara Micro cluster nodes and endpoints (the {@code org.pyql.e2e.data.DataCluster} fixture).
 * The assertions read the page's DOM, as a user would see it; screenshots go to {@code target/console-screenshots}.
 */
package org.pyql.e2e.console;
