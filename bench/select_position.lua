-- POST /db/{db}/table/{t}/select {"select":["*"],"where":{"position_id":P}} with a random P in 0..N-1 (100 rows each of the 10,000).
-- args: <select path, e.g. /db/main/table/employees/select> <N>
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local path, n

function init(args)
   path = args[1]
   n = tonumber(args[2])
   math.randomseed(os.time() * 100 + (thread_id or 0))
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   return wrk.format("POST", path, nil, string.format('{"select":["*"],"where":{"position_id":%d}}', math.random(0, n - 1)))
end
