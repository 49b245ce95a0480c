-- POST /db/{db}/table/{t}/select with a list-form where on the key: a random window of 10 rows out of N,
-- {"select":["*"],"where":[["id",">=",k],["id","<",k+10]]}.
-- args: <select path, e.g. /db/main/table/bench_rows/select> <N>
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")

local path, nkeys

function init(args)
   path = args[1]
   nkeys = tonumber(args[2])
   math.randomseed(os.time() * 100 + (thread_id or 0))
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   local k = math.random(1, nkeys - 9)
   local body = string.format('{"select":["*"],"where":[["id",">=",%d],["id","<",%d]]}', k, k + 10)
   return wrk.format("POST", path, nil, body)
end
