-- SPDX-License-Identifier: EUPL-1.2
-- wrk script for bench/budget/http-votes.sh: every request POSTs the ballot
-- form with the next unused vote code. Codes are split over wrk's threads by
-- position (thread i takes codes i, i+T, i+2T, ...) so no code is sent twice.
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

function init(args)
  local nthreads = tonumber(os.getenv("WRK_THREADS"))
  codes = {}
  local i = 0
  for line in io.lines(os.getenv("CODES_FILE")) do
    if i % nthreads == tid then table.insert(codes, line) end
    i = i + 1
  end
  next_code = 1
  token = os.getenv("TOKEN")
  path = os.getenv("PATH_VOTE")
  project = os.getenv("PROJECT")
end

function request()
  local code = codes[next_code] or "ABCD-EFGH-JK"
  next_code = next_code + 1
  local body = "csrf=" .. token .. "&code=" .. code .. "&project=" .. project
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "wb_csrf=" .. token,
  }, body)
end
