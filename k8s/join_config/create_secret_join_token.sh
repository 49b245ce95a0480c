#!/usr/bin/env bash
# Creates or updates the secret pyql-cluster-join-token: an admin's join token (GET /auth/token/join with the admin's
# password), which pods of pyql-cluster-statefulSet.yaml that were never members present when they join.
#
#   ./create_secret_join_token.sh         reads the token from standard input (stays out of shell history)
#   ./create_secret_join_token.sh TOKEN   the original's form
set -euo pipefail
if [ $# -ge 1 ]; then token=$1; else read -r -s -p "join token: " token; echo; fi
[ -n "$token" ] || { echo "no token given" >&2; exit 1; }
kubectl apply -f - <<YAML
apiVersion: v1
kind: Secret
metadata:
  name: pyql-cluster-join-token
  labels: {app: pyql-cluster}
type: Opaque
data:
  PYQL_CLUSTER_JOIN_TOKEN: $(printf '%s' "$token" | base64 | tr -d '\n')
YAML
