-- POST /api/visits as today's page script sends it from a browser: the
-- referrer, the page query with UTM parameters and the screen width, all
-- counted as dimensions.
wrk.method = "POST"
wrk.body = '{"path":"/","referrer":"https://www.linkedin.com/feed/","query":"?utm_source=newsletter&utm_medium=email&utm_campaign=launch","screen":1920}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["User-Agent"] = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
