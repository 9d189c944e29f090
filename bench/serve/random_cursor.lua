-- Every request a different page of the ledger, so no answer is served from
-- the page cache: the cost of building pages, not of copying them.
local claims = tonumber(os.getenv("CLAIMS") or "100000")
math.randomseed(os.time())
request = function()
  return wrk.format("GET", "/api/claims?limit=50&cursor=" .. math.random(0, claims - 50))
end
