#!/usr/bin/env bash
# Creates or updates the secret pyql-cluster-init-auth: the bootstrap admin password (read once, at the cluster's
# first start) and the key-encryption key that seals signing keys and endpoint tokens at rest on every node.
# The key is random on the first run and KEPT on later runs (a new one would make every sealed value unreadable).
#
#   ./create_admin_secret.sh              prompts for the password (nothing lands in shell history)
#   ./create_admin_secret.sh PASSWORD     the original's form
#
# The Secret's data is base64 of the values (the original's 2-pyql-cluster-auth.yaml put the raw password there, so
# the real password was its base64 decoding). Nothing is written to disk; the manifest goes to kubectl on stdin.
set -euo pipefail
if [ $# -ge 1 ]; then pw=$1; else read -r -s -p "admin password (at least 8 characters): " pw; echo; fi
[ ${#pw} -ge 8 ] || { echo "the admin password needs at least 8 characters" >&2; exit 1; }
kek=$(kubectl get secret pyql-cluster-init-auth -o 'jsonpath={.data.PYQL_KEY_ENCRYPTION_KEY}' 2>/dev/null || true)
if [ -z "$kek" ]; then
    kek=$(head -c 32 /dev/urandom | base64 | tr -d '\n' | base64 | tr -d '\n')   # data: base64 of the base64 key
fi
kubectl apply -f - <<YAML
apiVersion: v1
kind: Secret
metadata:
  name: pyql-cluster-init-auth
  labels: {app: pyql-cluster}
type: Opaque
data:
  PYQL_CLUSTER_INIT_ADMIN_PW: $(printf '%s' "$pw" | base64 | tr -d '\n')
  PYQL_KEY_ENCRYPTION_KEY: $kek
YAML
