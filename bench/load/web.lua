-- wrk script for the web chat endpoint: POST /api/chat, 500 conversations, varied questions (fr/en,
-- typos, off-topic) and one menu-button press in eight. Usage: wrk ... -s web.lua http://127.0.0.1:5094/api/chat
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Accept-Language"] = "fr-FR,fr;q=0.9,en;q=0.8"

local questions = {
  "comment m'opposer sur insta ?",
  "how do I opt out on facebok",
  "recette de crêpes",
  "comment je m'oppose ?",
  "jusqu'a quand je peux refuser",
  "is whatsapp affected?",
  "mes messages privés sont utilisés ?",
  "partager un post pour refuser ca marche ?",
  "c trop tard ?",
  "meta ai formulaire objection facebook",
  "what happens after the deadline",
  "merci !",
}

local n = 0
request = function()
  n = n + 1
  local id = string.format("bench-conversation-%03d", n % 500)
  local body
  if n % 8 == 0 then
    body = string.format('{"conversationId":"%s","action":"m"}', id)
  else
    body = string.format('{"conversationId":"%s","text":"%s"}', id, questions[n % #questions + 1])
  end
  return wrk.format(nil, nil, nil, body)
end
