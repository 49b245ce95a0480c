/**
 * The Kubernetes deployment simulated on 127.0.0.1: pods started with the environment their manifests under
 * {@code k8s/} and the data-endpoint generator give them, a Service that lists only ready, non-terminating pods, and a
 * StatefulSet-style rolling replacement (leave the Service, preStop, SIGTERM, start, wait until ready) under client
 * load. See {@code k8s/README.md} for what this does and does not prove about a real cluster.
 */
package org.pyql.e2e.k8s;
