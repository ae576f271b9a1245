-- wrk script of bench/load.sh: counts every answer that is not 200 (wrk itself counts only
-- 4xx and 5xx, so a redirect to the sign-in page would pass) and prints the summary.

local threads = {}

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    non_200 = 0
end

function response(status, headers, body)
    if status ~= 200 then
        non_200 = non_200 + 1
    end
end

function done(summary, latency, requests)
    local not_ok = 0
    for _, thread in ipairs(threads) do
        not_ok = not_ok + thread:get("non_200")
    end
    local errors = summary.errors
    local socket = errors.connect + errors.read + errors.write + errors.timeout
    io.write(string.format(
        "\nrequests/s %.1f (%d in %.1f s)\n", summary.requests / (summary.duration / 1e6),
        summary.requests, summary.duration / 1e6))
    io.write(string.format("latency p50 %.1f ms, p95 %.1f ms, p99 %.1f ms\n",
        latency:percentile(50) / 1000, latency:percentile(95) / 1000,
        latency:percentile(99) / 1000))
    io.write(string.format("errors %d: %d non-200 answers, %d socket errors or timeouts\n",
        not_ok + socket, not_ok, socket))
end
