-- wrk script: the anchor's Bot Framework message activities, each with a valid channel token (Authorization: Bearer).
-- Usage: wrk ... -s botframework-jwt.lua URL -- SERVICE_URL TOKEN_FILE
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local serviceUrl = "http://127.0.0.1:18085"
local n = 0
local texts = { "comment m'opposer sur insta ?", "how do I object on facebook", "are whatsapp chats used?",
  "what is the deadline?", "bonjour", "fb opt out please", "date limite ?", "insta + facebook, both?" }
function init(args)
  if args[1] then serviceUrl = args[1] end
  local f = assert(io.open(args[2] or "token.txt", "r"))
  wrk.headers["Authorization"] = "Bearer " .. f:read("*a")
  f:close()
end
request = function()
  n = n + 1
  local u = n % 500
  local body = string.format('{"type":"message","id":"act-%d","timestamp":"2025-05-27T10:00:00.000Z",'
    .. '"serviceUrl":"%s","channelId":"emulator","from":{"id":"user-%d","name":"User %d","role":"user"},'
    .. '"conversation":{"id":"conv-%d"},"recipient":{"id":"bot-1","name":"Peer","role":"bot"},'
    .. '"locale":"fr-FR","textFormat":"plain","text":"%s"}', n, serviceUrl, u, u, u, texts[n % #texts + 1])
  return wrk.format(nil, nil, nil, body)
end
