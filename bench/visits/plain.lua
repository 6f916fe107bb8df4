-- POST /api/visits as the page script sent it before the dimensions were
-- counted (the path alone), from the browser dims.lua comes from: what the
-- earlier build is timed with, so that the two differ by the dimensions
-- alone.
wrk.method = "POST"
wrk.body = '{"path":"/","referrer":""}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
