-- Shared by the bench scripts (loaded with dofile): per-thread ids and one machine-readable result line.
-- Latencies in wrk are microseconds; the line is parsed by endpoint-bench.sh.

local next_id = 0
function setup(thread)
   thread:set("thread_id", next_id)
   next_id = next_id + 1
end

function done(summary, latency, requests)
   local secs = summary.duration / 1e6
   local e = summary.errors
   io.write(string.format(
      "BENCH_RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f requests=%d non2xx=%d socket_errors=%d\n",
      summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
      summary.requests, e.status, e.connect + e.read + e.write + e.timeout))
end
