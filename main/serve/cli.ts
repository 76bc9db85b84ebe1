import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { createBackend } from '../backend';
import { endpointToDockerOptions } from '../engine/endpoint';
import { VM_COMMAND_LINE } from '../engine/engine-control';
import { browserModeDataDir } from '../settings/settings-store';
import { createToken, LOOPBACK_HOSTNAMES } from './auth';
import { startServer } from './server';
import { ImageService } from '../docker/images/images';

const USAGE = `Usage: npm run serve -- [--port N] [--engine unix:///path|tcp://host:port|ssh://user@host|vm] [--host ADDRESS --allow-remote]

  --port N          port to listen on (default 0: any free port)
  --engine URL      the engine to use for this run (default: the choice saved in Berth, else discovery:
                    Berth's endpoints, DOCKER_HOST, the docker context, the usual sockets, then Berth's own dockerd
                    or Berth's VM); \`--engine vm\` starts (or adopts) Berth's VM and uses its engine
  --host ADDRESS    address to bind (default 127.0.0.1)
  --allow-remote    required to bind anything but loopback: anyone who can reach it and has the token controls your engine
  --allow-host NAME another host name the UI may be opened under (with --allow-remote)

Settings and the managed engine's files live in $BERTH_DATA_DIR, else $XDG_CONFIG_HOME/berth or ~/.config/berth.`;

function log(message: string, error?: unknown): void {
  const detail = error instanceof Error ? error.stack ?? error.message : error === undefined ? '' : String(error);
  process.stderr.write(`[berth] ${message}${detail ? `: ${detail}` : ''}\n`);
}

function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTNAMES.includes(host) || host === '::1' || host.startsWith('127.');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      engine: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      'allow-remote': { type: 'boolean', default: false },
      'allow-host': { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a number from 0 to 65535, not "${values.port}".`);
  if (!isLoopback(values.host) && !values['allow-remote']) {
    throw new Error(`Refusing to bind to ${values.host}: that exposes your container engine beyond this machine. Add --allow-remote if you mean it.`);
  }
  const endpoint = values.engine;
  if (endpoint && endpoint !== VM_COMMAND_LINE) endpointToDockerOptions(endpoint); // fail fast on an address Berth cannot use

  const dataDir = browserModeDataDir();
  const backend = createBackend({ dataDir, endpoint, log });
  const rendererRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../renderer');
  const server = await startServer({
    router: backend.router,
    rendererRoot,
    host: values.host,
    port,
    token: createToken(),
    extraHostnames: values['allow-host'] ?? [],
    log,
    imageArchives: new ImageService(backend.engine),
  });

  if (!isLoopback(values.host)) {
    process.stderr.write(`WARNING: Berth is listening on ${values.host}: anyone who can reach this address and has the token controls your container engine.\n`);
  }
  const engineLine = endpoint ?? 'discovering (see the Engine page)';
  process.stdout.write(`Berth is running in browser mode. Engine: ${engineLine}\nData: ${dataDir}\nOpen this address in your browser:\n${server.url}\n`);

  let quitting = false;
  const quit = (signal: string) => {
    if (quitting) return;
    quitting = true;
    process.stdout.write(`Received ${signal}, shutting down.\n`);
    // Quitting stops the managed engine (unless the user keeps it running) before the process exits.
    void Promise.allSettled([backend.stop(), server.close()]).finally(() => process.exit(0));
  };
  process.on('SIGINT', () => quit('SIGINT'));
  process.on('SIGTERM', () => quit('SIGTERM'));
}

// The server must outlive any single failure: log it and keep serving.
process.on('unhandledRejection', (reason) => log('unhandled rejection', reason));
process.on('uncaughtException', (err) => log('uncaught exception', err));

main().catch((err: unknown) => {
  process.stderr.write(`berth serve: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
