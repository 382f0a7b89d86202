-- SPDX-License-Identifier: EUPL-1.2
-- wrk script for bench/budget/http-result.sh: prints the latency percentiles
-- (including p95, which `wrk --latency` does not print) in milliseconds, and
-- the request and error counts, on one line for the shell script to parse.
function done(summary, latency, requests)
  local e = summary.errors
  local errs = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format(
    "RESULT requests=%d secs=%.3f rps=%.1f p50=%.2f p90=%.2f p95=%.2f p99=%.2f max=%.2f errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errs))
end
