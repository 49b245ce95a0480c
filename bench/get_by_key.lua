-- GET /db/{db}/table/{t}/{key} with a random key in 1..N.
-- args: <path prefix, e.g. /db/main/table/bench_rows/> <N>
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local prefix, nkeys

function init(args)
   prefix = args[1]
   nkeys = tonumber(args[2])
   math.randomseed(os.time() * 100 + (thread_id or 0))
end

function request()
   return wrk.format("GET", prefix .. math.random(1, nkeys))
end
