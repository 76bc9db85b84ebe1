import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { dockerCli, uniqueName } from '../../../testing/docker-cli';
import { EngineConnection } from '../../engine/connection';
import { ContainerListCache } from './container-list-cache';
import { ContainerService } from './containers';

const { dockerHost, image } = inject('testEngine');
const LABEL = 'berth.test=container-list-cache';
const docker = (args: string[]) => dockerCli(dockerHost, args);

let engine: EngineConnection;
let cache: ContainerListCache;

const byName = (list: { name: string; state: string }[]) => Object.fromEntries(list.map((c) => [c.name, c.state]));
async function cliList(): Promise<Record<string, string>> {
  const lines = (await docker(['ps', '-a', '--format', '{{.Names}} {{.State}}'])).split('\n').filter(Boolean);
  return Object.fromEntries(lines.map((line) => line.split(' ') as [string, string]));
}

beforeAll(async () => {
  engine = new EngineConnection(dockerHost);
  engine.start();
  await engine.waitUntilConnected();
  cache = new ContainerListCache(engine, new ContainerService(engine));
});

afterAll(async () => {
  cache.dispose();
  const ids = await docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (ids) await docker(['rm', '-fv', ...ids.split('\n')]);
  engine.stop();
});

describe('ContainerListCache', () => {
  it('follows a burst of changes made with the CLI and ends identical to docker ps -a', async ({ onTestFailed, onTestFinished }) => {
    // A mismatch is either an event that never came or a read that missed it: the events tell which.
    const seen: string[] = [];
    onTestFinished(engine.onEvent((e) => e.type === 'container' && seen.push(`${e.actor.attributes.name} ${e.action}`)));
    onTestFailed(() => console.error(`container events seen:\n${seen.join('\n')}`));
    await expect.poll(() => cache.snapshot() !== undefined).toBe(true);
    const names = Array.from({ length: 12 }, (_, i) => `${uniqueName('cache')}-${i}`);
    for (const name of names) await docker(['create', '--label', LABEL, '--name', name, image, 'sleep', '3600']);
    await docker(['start', ...names]);
    await docker(['pause', ...names.slice(0, 3)]);
    await docker(['kill', ...names.slice(3, 6)]);
    await docker(['rm', '-f', ...names.slice(6, 8)]);
    await docker(['rename', names[8]!, `${names[8]}-renamed`]);
    const expected = await cliList();
    await expect.poll(() => byName(cache.snapshot() ?? [])).toEqual(expected);
  });

  it('is not served while the engine is away', () => {
    const offline = new EngineConnection('unix:///tmp/berth-no-engine.sock');
    const offlineCache = new ContainerListCache(offline, new ContainerService(offline));
    expect(offlineCache.snapshot()).toBeUndefined();
    offlineCache.dispose();
  });
});
