-- POST /db/{db}/table/{t}/insert, one row per request, a unique key per request:
-- base + thread_id * 10,000,000 + a per-thread counter (so several runs with different bases never collide).
-- args: <insert path, e.g. /db/main/table/bench_ins/insert> <base>
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
   local body = string.format(
      '{"id":%d,"date":"2006-01-05","trans":{"type":"BUY","condition":{"limit":"36.00","time":"EndOfTradingDay"}},' ..
      '"symbol":"S%d","qty":%d,"price":%d.25,"after_hours":%s}',
      id, id % 1000, id % 500, id % 100, (id % 2 == 0) and "true" or "false")
   return wrk.format("POST", path, nil, body)
end
