-- GET /api/movies/{id} of random IDs among the first `rows` of gencsv.
local rows = tonumber(os.getenv("ROWS") or "1000000")
math.randomseed(os.time())
request = function()
	return wrk.format("GET", string.format("/api/movies/tt%07d", math.random(0, rows - 1)))
end
