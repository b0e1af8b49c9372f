-- wrk script of the HTTP hop comparison: POST {"amount":1} to <prefix>/<id>/deposits for a
-- random id in 1..accounts; at the end one line "RESULT requests duration_us p50_us p99_us errors".
-- Arguments (after --): the path prefix and the number of accounts.
local prefix = "/map"
local accounts = 1000

function init(args)
	prefix = args[1] or prefix
	accounts = tonumber(args[2]) or accounts
	math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

local headers = { ["Content-Type"] = "application/json" }
local body = '{"amount":1}'

function request()
	return wrk.format("POST", prefix .. "/" .. math.random(1, accounts) .. "/deposits", headers, body)
end

function done(summary, latency, requests)
	local errors = summary.errors.connect + summary.errors.read + summary.errors.write
		+ summary.errors.status + summary.errors.timeout
	io.write(string.format("RESULT %d %d %d %d %d\n", summary.requests, summary.duration,
		latency:percentile(50), latency:percentile(99), errors))
end
