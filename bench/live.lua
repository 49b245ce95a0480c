-- The HTTP floor: GET /pyql/live (a trivial JAX-RS resource of the same server, no auth, no database).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

wrk.method = "GET"
wrk.path = "/pyql/live"
