// A separate client process for bench/proxy's ping storm, so the proxy under test does not share its event loop
// with the connections it serves: `node bench/_ping-storm.mjs <socket path> <count>` prints each latency in ms as JSON.
import net from 'node:net';

const [socketPath, count] = [process.argv[2], Number(process.argv[3])];
const once = () =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = net.connect({ path: socketPath });
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.includes('\r\n\r\nOK')) {
        socket.destroy();
        resolve(performance.now() - started);
      }
    });
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`closed before the answer: ${JSON.stringify(answer.slice(0, 80))}`)));
    socket.write('GET /_ping HTTP/1.1\r\nHost: docker\r\n\r\n');
  });
const latencies = await Promise.all(Array.from({ length: count }, once));
process.stdout.write(JSON.stringify(latencies));
