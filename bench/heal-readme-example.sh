#!/usr/bin/env bash
# The README healing example that is still to be verified (run from the repo root, under /work/wt/e2e-slot): a local
# cluster of one node and two SQLite endpoints; stop endpoint 2, write 300 rows, start it again, wait for its job.
set -x
./scripts/local-cluster start 1 --endpoints 2
AUTH="Authentication: Basic $(echo -n "admin:$(cat data/local-cluster/admin-password)" | base64)"
curl -s -H "$AUTH" -X POST http://127.0.0.1:8081/cluster/demo/table/create -d '{"notes": {"columns": [{"name": "id", "type": "int", "mods": "NOT NULL AUTO_INCREMENT"}, {"name": "text", "type": "str", "mods": ""}], "primary_key": "id", "foreign_keys": null}}'
echo
kill $(cat data/local-cluster/endpoint2/pid)      # stop endpoint 2
for i in $(seq 1 300); do curl -s -o /dev/null -H "$AUTH" -X POST http://127.0.0.1:8081/cluster/demo/table/notes/insert -d "{\"text\": \"note $i\"}"; done
./scripts/local-cluster start 1 --endpoints 2     # starts endpoint 2 again (it joins again by itself)
until curl -s -H "$AUTH" http://127.0.0.1:8081/cluster/demo/jobs | grep -q '"state":"done"'; do sleep 1; done
curl -s -H "$AUTH" http://127.0.0.1:8081/cluster/demo/jobs
echo
curl -s -H "$AUTH" http://127.0.0.1:8081/cluster/demo/table/notes/endpoints
echo
./scripts/local-cluster stop
