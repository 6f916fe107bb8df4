wrk.method = "POST"
wrk.body = '{"path":"/","referrer":""}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0 wrk"
