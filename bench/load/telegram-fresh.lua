-- wrk script: POST a Telegram text update with the webhook secret header; update_id varies.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["X-Telegram-Bot-Api-Secret-Token"] = "s3cret"
-- Fresh update ids on every run (the anchor script restarts at 1, so repeated runs hit the dedupe path).
math.randomseed(os.time())
local n = math.random(1, 1000000000)
request = function()
  n = n + 1
  local body = string.format('{"update_id":%d,"message":{"message_id":%d,"date":1748300000,"chat":{"id":%d,"type":"private","first_name":"A"},"from":{"id":%d,"is_bot":false,"first_name":"A","language_code":"fr"},"text":"comment m\'opposer sur insta ?"}}', n, n, 1000 + n % 500, 1000 + n % 500)
  return wrk.format(nil, nil, nil, body)
end
