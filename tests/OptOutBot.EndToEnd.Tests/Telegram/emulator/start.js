// Starts the telegram-test-api emulator on loopback for the Telegram end-to-end tests.
// Usage: node start.js PORT   (prints "ready <url>" once listening; stops on SIGTERM/SIGINT)
const TelegramServer = require('telegram-test-api');

const port = Number(process.argv[2] || 9000);
const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
server.start().then(() => console.log('ready ' + server.config.apiURL));
const stop = () => server.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
