-- mysql-rest's form of select_position.lua: GET /api/{db}.{t}?_where=(position_id,eq,P)&_size=100.
-- args: <list path, e.g. /api/pyql_peer_bench.employees> <N>
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local path, n

function init(args)
   path = args[1]
   n = tonumber(args[2])
   math.randomseed(os.time() * 100 + (thread_id or 0))
end

function request()
   return wrk.format("GET", string.format("%s?_where=(position_id,eq,%d)&_size=100", path, math.random(0, n - 1)))
end
