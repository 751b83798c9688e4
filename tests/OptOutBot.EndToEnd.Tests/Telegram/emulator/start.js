// Starts the telegram-test-api emulator on loopback for the Telegram end-to-end tests.
// Usage: node start.js PORT   (prints "ready <url>" once listening; stops on SIGTERM/SIGINT)
//
// The emulator's Bot API answers differ from the real Bot API (https://core.telegram.org/bots/api, copy in
// tests/specs) in three ways the bot's client (Telegram.Bot) rightly refuses; they are put right here, in the test
// fixture, so production code only ever deals with the real API:
//   - dates in milliseconds (Date.now()) instead of Unix seconds: divided by 1000;
//   - `"result": null` where the API returns True (answerCallbackQuery, setWebhook, …) or the edited Message
//     (editMessageText, editMessageReplyMarkup): true, or that message;
//   - HTTP 500 `{"message": …}` for a method it does not implement: the real API's answer for setMyCommands and
//     sendChatAction (True), else its answer for an unknown method (404 `{"ok":false,"error_code":404,…}`).
const express = require('express');
const TelegramServer = require('telegram-test-api');

const acceptedAsTrue = new Set(['setmycommands', 'deletemycommands', 'sendchataction']);
const json = express.response.json;
express.response.json = function botApiAnswer(body) {
  const method = /^\/bot[^/]+\/([^/?]+)/.exec(this.req.path || '');
  if (!method || body === null || typeof body !== 'object') {
    return json.call(this, body);
  }
  if (this.statusCode === 500 && typeof body.message === 'string' && body.message.includes('is not supported')) {
    if (acceptedAsTrue.has(method[1].toLowerCase())) {
      this.status(200);
      return json.call(this, { ok: true, result: true });
    }
    this.status(404);
    return json.call(this, { ok: false, error_code: 404, description: 'Not Found' });
  }
  if (body.ok === true && body.result === null) {
    // An edit of a bot message returns the edited Message; every other such method returns True.
    body.result = /^editmessage/i.test(method[1]) && this.req.body && !this.req.body.inline_message_id
      ? editedMessage(this.req.body)
      : true;
  }
  secondsForDates(body.result);
  return json.call(this, body);
};

function editedMessage(request) {
  const chatId = Number(request.chat_id);
  return {
    message_id: Number(request.message_id),
    date: Math.floor(Date.now() / 1000),
    edit_date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: chatId < 0 ? 'group' : 'private' },
    text: request.text,
  };
}

function secondsForDates(value) {
  if (Array.isArray(value)) {
    value.forEach(secondsForDates);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'date' && typeof inner === 'number' && inner > 1e11) {
        value[key] = Math.floor(inner / 1000);
      } else {
        secondsForDates(inner);
      }
    }
  }
}

const port = Number(process.argv[2] || 9000);
const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
server.start().then(() => console.log('ready ' + server.config.apiURL));
const stop = () => server.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
