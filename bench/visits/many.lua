-- POST /api/visits from visitors never seen before: every request has its
-- own address (X-Forwarded-For, for a server started with --trust-proxy)
-- and its own User-Agent. Each wrk thread takes its own range of 10.0.0.0/8;
-- the script's argument (wrk ... -- TAG) tells runs apart, so that a later
-- run on the same server brings new visitors too; a second argument is the
-- body, in place of the bare path.
local threads = 0
function setup(thread)
	thread:set("tid", threads)
	threads = threads + 1
end

local n, tag, body = 0, "0", '{"path":"/","referrer":""}'
function init(args)
	n = tid * 4194304 -- 2^22 addresses a thread
	tag = args[1] or "0"
	body = args[2] or body
end

function request()
	n = n + 1
	local ip = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
	return wrk.format("POST", nil, {
		["Content-Type"] = "application/json",
		["X-Forwarded-For"] = ip,
		["User-Agent"] = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0 v" .. tag .. "-" .. n,
	}, body)
end
