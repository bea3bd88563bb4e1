-- wrk script of bench/loadcheck.py: counts every answer that is not 200 (a redirect to the
-- log-in page would otherwise pass as success) and prints the figures on one line.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_ok = 0
end

function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do
    bad = bad + thread:get("not_ok")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d not_200=%d connect=%d read=%d write=%d status=%d timeout=%d " ..
    "p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f rps=%.1f\n",
    summary.requests, bad, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, summary.requests / (summary.duration / 1e6)))
end
