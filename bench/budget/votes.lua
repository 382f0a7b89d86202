-- SPDX-License-Identifier: EUPL-1.2
-- wrk script for bench/budget/http-votes.sh: every request POSTs the ballot
-- form with the next unused vote code. Codes are split over wrk's threads by
-- position (thread i takes codes i, i+T, i+2T, ...) so no code is sent twice.
-- The requests are formatted once in init(), before the timed run: wrk shares
-- the 2 cores with the server, and formatting each request in Lua while
-- measuring cost about a third of the CPU a vote takes on the server.
local counter = 0

function setup(thread)
  thread:set("tid", counter)
  counter = counter + 1
end

local function vote_request(code)
  local body = "csrf=" .. token .. "&code=" .. code .. "&project=" .. project
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = "wb_csrf=" .. token,
  }, body)
end

function init(args)
  local nthreads = tonumber(os.getenv("WRK_THREADS"))
  token = os.getenv("TOKEN")
  path = os.getenv("PATH_VOTE")
  project = os.getenv("PROJECT")
  requests = {}
  local i = 0
  for line in io.lines(os.getenv("CODES_FILE")) do
    if i % nthreads == tid then table.insert(requests, vote_request(line)) end
    i = i + 1
  end
  -- When the codes run out: an unknown code (refused, so not counted).
  spare = vote_request("ABCD-EFGH-JK")
  next_request = 1
end

function request()
  local r = requests[next_request] or spare
  next_request = next_request + 1
  return r
end
