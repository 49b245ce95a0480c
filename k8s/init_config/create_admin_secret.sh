#!/usr/bin/env bash
# Creates the secret pyql-cluster-init-auth: the bootstrap admin password (read once, at the cluster's first start)
# and a random key-encryption key that seals signing keys and endpoint tokens at rest on every node.
# Usage: ./create_admin_secret.sh            (prompts for the password; nothing lands in shell history)
set -euo pipefail
read -r -s -p "admin password (at least 8 characters): " pw; echo
[ ${#pw} -ge 8 ] || { echo "too short" >&2; exit 1; }
kek=$(head -c 32 /dev/urandom | base64)
kubectl create secret generic pyql-cluster-init-auth \
    --from-literal=PYQL_CLUSTER_INIT_ADMIN_PW="$pw" \
    --from-literal=PYQL_KEY_ENCRYPTION_KEY="$kek" \
    --dry-run=client -o yaml | kubectl apply -f -
