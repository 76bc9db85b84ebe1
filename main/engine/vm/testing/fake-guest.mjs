// A stand-in for QEMU + guest in supervisor tests: a real process that writes the contract's console markers to the
// console file and answers GET /_ping on the "forwarded" engine port. Behaviour comes from argv:
//   node fake-guest.mjs <consoleLog> <enginePort> <mode> <delayMs>
//   mode: ready | fail | hang | crash (ready, then exits 1 after delayMs) | slow-stop (ignores SIGTERM)
import { appendFileSync } from 'node:fs';
import http from 'node:http';

const [consoleLog, portText, mode, delayText] = process.argv.slice(2);
const delay = Number(delayText ?? 0);
const say = (line) => appendFileSync(consoleLog, `${line}\n`);

say('berth-guest: step mount');
let server;
setTimeout(() => {
  if (mode === 'fail') {
    say('berth-guest: failed dockerd: dockerd exited at once (fake)');
    setTimeout(() => process.exit(0), 50);
    return;
  }
  if (mode === 'hang') return;
  server = http.createServer((request, response) => response.end(request.url === '/_ping' ? 'OK' : '')).listen(Number(portText), '127.0.0.1', () => {
    say('berth-guest: ready');
    if (mode === 'crash') setTimeout(() => process.exit(1), delay);
  });
}, mode === 'crash' ? 20 : delay);

process.on('SIGTERM', () => {
  if (mode === 'slow-stop') return;
  say('berth-guest: stopping');
  server?.close();
  say('berth-guest: stopped');
  process.exit(0);
});
setInterval(() => undefined, 1 << 30);
