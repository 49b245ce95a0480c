-- POST one employees row per request with a unique key: base + thread_id * 10,000,000 + a per-thread counter.
-- The same body serves pyql (/db/{db}/table/employees/insert) and mysql-rest (POST /api/{db}.employees).
-- args: <path> <base>
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local path, base
local counter = 0

function init(args)
   path = args[1]
   base = tonumber(args[2]) + (thread_id or 0) * 10000000
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   counter = counter + 1
   local id = base + counter
   return wrk.format("POST", path, nil,
      string.format('{"id":%d,"name":"employee %d","position_id":%d}', id, id, id % 100))
end
