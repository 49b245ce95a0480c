#!/usr/bin/env bash
# Stores an admin join token (GET /auth/token/join with the admin's password) as the secret pyql-cluster-join-token,
# which pods started with PYQL_CLUSTER_ACTION=join present when they join.
# Usage: ./create_secret_join_token.sh   (reads the token from standard input, so it stays out of shell history)
set -euo pipefail
read -r -s -p "join token: " token; echo
kubectl create secret generic pyql-cluster-join-token \
    --from-literal=PYQL_CLUSTER_JOIN_TOKEN="$token" \
    --dry-run=client -o yaml | kubectl apply -f -
