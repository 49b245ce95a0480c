/**
 * Deployment tooling, not part of the application (excluded from the WAR): the Kubernetes generators behind
 * {@code scripts/generate-pyql-rest} and {@code scripts/generate-pvs}. They build fabric8 model objects
 * ({@link org.pyql.deploy.EndpointManifests}, {@link org.pyql.deploy.PersistentVolumes}), write the non-secret ones to
 * YAML files ({@link org.pyql.deploy.ManifestFiles}) and apply them to the current kube context
 * ({@link org.pyql.deploy.ClusterApplier}). Only this package may use fabric8 and picocli.
 */
package org.pyql.deploy;
