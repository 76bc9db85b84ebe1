/**
 * Pull and search benchmark.
 *   npx tsx bench/pull.ts
 * 1. Pulls a ~100 MB, 4-layer image from the loopback registry through Berth's router (`images.pull`, the same path the
 *    UI uses, minus the transport) and with `docker pull`, alternating, median of 5 each. Target: ratio ≤ 1.1.
 * 2. Searches a registry holding 1,000 repositories through `registries.search`: the first search walks the catalog,
 *    later ones (typing) hit the brief cache. Target: ≤ 300 ms.
 * Starts its own private engine and registry and removes everything it created.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { ResponseMessage } from '../common/protocol';
import { createBackend } from '../main/backend';
import type { RouterConnection } from '../main/api/router';
import { mapLimited } from '../main/registry/http';
import { dockerCli } from '../testing/docker-cli';
import { startTestEngine, TEST_IMAGE } from '../testing/test-engine';

const RUNS = 5;
const LAYERS = 4;
const LAYER_MB = 25;
const REPOSITORIES = 1000;
const SEARCHES = 10;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Sends one stream subscription through the router and resolves when it ends (rejects on an error). */
function subscribe(connection: RouterConnection, listeners: Map<number, (message: ResponseMessage) => void>, id: number, stream: string, input: unknown, onEvent?: (data: unknown) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    listeners.set(id, (message) => {
      if (message.t === 'event') onEvent?.(message.data);
      if (message.t !== 'end') return;
      listeners.delete(id);
      if (message.error) reject(new Error(message.error.message));
      else resolve();
    });
    connection.receive({ t: 'sub', id, stream, input });
  });
}

function timeDockerPull(dockerHost: string, ref: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('docker', ['-H', dockerHost, 'pull', '-q', ref], { stdio: ['ignore', 'ignore', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`docker pull exited ${code}`))));
  });
}

/** A repository per name, made through the registry API by mounting one existing image's blobs: no data is copied. */
async function fillRegistry(registry: string, source: string, tag: string, count: number): Promise<void> {
  const base = `http://${registry}/v2`;
  const accept = 'application/vnd.docker.distribution.manifest.v2+json';
  const manifestResponse = await fetch(`${base}/${source}/manifests/${tag}`, { headers: { Accept: accept } });
  const manifest = (await manifestResponse.json()) as { config: { digest: string }; layers: { digest: string }[] };
  const blobs = [manifest.config.digest, ...manifest.layers.map((layer) => layer.digest)];
  const names = Array.from({ length: count }, (_, index) => `bench/${['web', 'api', 'worker', 'db'][index % 4]}-service-${String(index).padStart(4, '0')}`);
  await mapLimited(names, 8, async (name) => {
    for (const digest of blobs) {
      const mounted = await fetch(`${base}/${name}/blobs/uploads/?mount=${digest}&from=${source}`, { method: 'POST' });
      await mounted.body?.cancel();
      if (mounted.status !== 201) throw new Error(`mounting ${digest} into ${name} answered ${mounted.status}`);
    }
    const put = await fetch(`${base}/${name}/manifests/latest`, { method: 'PUT', headers: { 'Content-Type': accept }, body: JSON.stringify(manifest) });
    await put.body?.cancel();
    if (put.status !== 201) throw new Error(`putting the manifest of ${name} answered ${put.status}`);
  });
}

async function main(): Promise<void> {
  const engine = await startTestEngine();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'berth-bench-pull-'));
  const context = await mkdtemp(path.join(os.tmpdir(), 'berth-bench-ctx-'));
  const ref = `${engine.registry}/bench/big:1`;
  const backend = createBackend({ endpoint: engine.dockerHost, dataDir });
  const listeners = new Map<number, (message: ResponseMessage) => void>();
  const connection = backend.router.connect((message) => listeners.get(message.id)?.(message));
  let nextId = 1;
  try {
    await backend.ready;
    await backend.engine.waitUntilConnected();
    const steps = Array.from({ length: LAYERS }, (_, index) => `RUN dd if=/dev/urandom of=/layer${index} bs=1M count=${LAYER_MB} 2>/dev/null`);
    await writeFile(path.join(context, 'Dockerfile'), `FROM ${TEST_IMAGE}\n${steps.join('\n')}\n`);
    await dockerCli(engine.dockerHost, ['build', '-q', '-t', ref, context]);
    await dockerCli(engine.dockerHost, ['push', ref]);
    const sizeBytes = Number(await dockerCli(engine.dockerHost, ['image', 'inspect', '-f', '{{.Size}}', ref]));

    const berth: number[] = [];
    const docker: number[] = [];
    const pullWithBerth = async () => {
      const started = performance.now();
      let events = 0;
      await subscribe(connection, listeners, nextId++, 'images.pull', { reference: ref }, () => events++);
      if (events < 2) throw new Error('the pull reported no progress');
      return performance.now() - started;
    };
    // Alternating which goes first, so neither always follows the other's layer deletion.
    for (let run = 0; run < RUNS; run++) {
      for (const which of run % 2 === 0 ? ['docker', 'berth'] : ['berth', 'docker']) {
        await dockerCli(engine.dockerHost, ['rmi', ref]);
        if (which === 'docker') docker.push(await timeDockerPull(engine.dockerHost, ref));
        else berth.push(await pullWithBerth());
      }
    }

    await fillRegistry(engine.registry, 'bench/big', '1', REPOSITORIES);
    const registryId = await new Promise<string>((resolve, reject) => {
      const id = nextId++;
      listeners.set(id, (message) => {
        listeners.delete(id);
        if (message.t === 'result' && message.ok) resolve((message.value as { id: string }).id);
        else reject(new Error(JSON.stringify(message)));
      });
      connection.receive({ t: 'call', id, method: 'registries.add', input: { name: 'bench', url: engine.registry, insecure: true } });
    });
    const search = async (term: string): Promise<{ ms: number; results: number }> => {
      const started = performance.now();
      let ms = 0;
      let results = 0;
      await subscribe(connection, listeners, nextId++, 'registries.search', { term }, (group) => {
        const { registry, results: found } = group as { registry: { id: string }; results: unknown[] };
        if (registry.id !== registryId) return;
        ms = performance.now() - started;
        results = found.length;
      });
      return { ms, results };
    };
    const cold = await search('worker');
    const warm: number[] = [];
    for (let index = 0; index < SEARCHES; index++) warm.push((await search(`service-0${index}`)).ms);

    const ratio = median(berth) / median(docker);
    const rows: [string, string, string][] = [
      [`image`, `${(sizeBytes / 1e6).toFixed(0)} MB`, `${LAYERS} layers of ${LAYER_MB} MB random data + busybox`],
      ['docker pull (median)', `${median(docker).toFixed(0)} ms`, docker.map((ms) => ms.toFixed(0)).join(', ')],
      ['Berth images.pull (median)', `${median(berth).toFixed(0)} ms`, berth.map((ms) => ms.toFixed(0)).join(', ')],
      ['ratio Berth / docker', ratio.toFixed(2), ratio <= 1.1 ? 'OK (target ≤ 1.1)' : 'OVER target 1.1'],
      [`search, ${REPOSITORIES} repos, cold`, `${cold.ms.toFixed(0)} ms`, `${cold.results} results (walks the catalog) ${cold.ms <= 300 ? 'OK' : 'OVER'} (target ≤ 300 ms)`],
      ['search, cached (median)', `${median(warm).toFixed(0)} ms`, `${SEARCHES} searches, max ${Math.max(...warm).toFixed(0)} ms ${median(warm) <= 300 ? 'OK' : 'OVER'}`],
    ];
    const width = Math.max(...rows.map(([name]) => name.length));
    const valueWidth = Math.max(...rows.map(([, value]) => value.length));
    process.stdout.write(`\nPull and search benchmark\n`);
    for (const [name, value, note] of rows) process.stdout.write(`${name.padEnd(width)}  ${value.padStart(valueWidth)}  ${note}\n`);
  } finally {
    connection.close();
    await backend.stop();
    await engine.stop();
    await rm(dataDir, { recursive: true, force: true });
    await rm(context, { recursive: true, force: true });
  }
}

await main();
