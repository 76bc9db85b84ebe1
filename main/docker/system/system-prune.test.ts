import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PruneStep } from '../../../common/contract/system';
import { dockerCli, uniqueName } from '../../../testing/docker-cli';
import { EngineConnection } from '../../engine/connection';
import { PruneService } from './system-prune';

const { dockerHost, image } = inject('testEngine');
const LABEL = 'berth.test=system-prune';
const docker = (args: string[]) => dockerCli(dockerHost, args);

let engine: EngineConnection;
let prune: PruneService;
const created = { containers: new Set<string>(), volumes: new Set<string>(), networks: new Set<string>(), images: new Set<string>() };

beforeAll(() => {
  engine = new EngineConnection(dockerHost);
  prune = new PruneService(engine);
});

afterAll(async () => {
  if (created.containers.size) await docker(['rm', '-f', ...created.containers]).catch(() => undefined);
  for (const volume of created.volumes) await docker(['volume', 'rm', '-f', volume]).catch(() => undefined);
  for (const network of created.networks) await docker(['network', 'rm', network]).catch(() => undefined);
  for (const id of created.images) await docker(['image', 'rm', '-f', id]).catch(() => undefined);
  engine.stop();
});

/** Other test files share the engine: prune only what this test made, picked out of the real preview. */
async function previewAndPrune(step: PruneStep, mine: (id: string, name: string) => boolean) {
  const preview = await prune.preview(step);
  const ids = preview.candidates.filter((candidate) => mine(candidate.id, candidate.name)).map((candidate) => candidate.id);
  const result = await prune.prune(step, ids);
  return { preview, ids, result };
}

describe('PruneService', () => {
  it('previews stopped containers (not running ones) and removes exactly those', async () => {
    const stopped = uniqueName('prune-stopped');
    const running = uniqueName('prune-running');
    created.containers.add(stopped).add(running);
    await docker(['run', '--name', stopped, '--label', LABEL, image, 'true']);
    await docker(['run', '-d', '--name', running, '--label', LABEL, image, 'sleep', '300']);

    const { preview, ids, result } = await previewAndPrune('containers', (_id, name) => name === stopped || name === running);
    expect(preview.candidates.map((candidate) => candidate.name)).toContain(stopped);
    expect(preview.candidates.map((candidate) => candidate.name)).not.toContain(running);
    expect(result.removed.map((removed) => removed.id)).toEqual(ids);
    expect(result.failed).toEqual([]);
    expect(await docker(['ps', '-aq', '--filter', `name=${stopped}`])).toBe('');
    expect(await docker(['ps', '-q', '--filter', `name=${running}`])).not.toBe('');
  });

  it('keeps a candidate that came into use after the preview', async () => {
    const volume = uniqueName('prune-vol-late');
    created.volumes.add(volume);
    await docker(['volume', 'create', '--label', LABEL, volume]);
    const preview = await prune.preview('volumes');
    expect(preview.candidates.map((candidate) => candidate.id)).toContain(volume);

    const user = uniqueName('prune-late-user');
    created.containers.add(user);
    await docker(['create', '--name', user, '--label', LABEL, '-v', `${volume}:/data`, image, 'true']);
    const result = await prune.prune('volumes', [volume]);
    expect(result.removed).toEqual([]);
    expect(result.failed).toMatchObject([{ id: volume }]);
    expect(await docker(['volume', 'ls', '-q', '--filter', `name=${volume}`])).toBe(volume);
  });

  it('previews unused volumes and networks with a matching removal', async () => {
    const unusedVolume = uniqueName('prune-vol');
    const usedVolume = uniqueName('prune-vol-used');
    const unusedNetwork = uniqueName('prune-net');
    const user = uniqueName('prune-user');
    created.volumes.add(unusedVolume).add(usedVolume);
    created.networks.add(unusedNetwork);
    created.containers.add(user);
    await docker(['volume', 'create', '--label', LABEL, unusedVolume]);
    await docker(['volume', 'create', '--label', LABEL, usedVolume]);
    await docker(['network', 'create', '--label', LABEL, unusedNetwork]);
    await docker(['create', '--name', user, '--label', LABEL, '-v', `${usedVolume}:/data`, image, 'true']);

    const volumes = await previewAndPrune('volumes', (id) => id === unusedVolume || id === usedVolume);
    expect(volumes.ids).toEqual([unusedVolume]);
    expect(volumes.result.removed.map((removed) => removed.id)).toEqual([unusedVolume]);
    expect(await docker(['volume', 'ls', '-q', '--filter', `name=${usedVolume}`])).toBe(usedVolume);

    const networks = await previewAndPrune('networks', (_id, name) => name === unusedNetwork || name === 'bridge');
    expect(networks.preview.candidates.map((candidate) => candidate.name)).not.toContain('bridge');
    expect(networks.result.removed.map((removed) => removed.name)).toEqual([unusedNetwork]);
  });

  it('previews dangling images by default and unused tagged ones on request', async () => {
    const source = uniqueName('prune-img-src');
    created.containers.add(source);
    await docker(['create', '--name', source, '--label', LABEL, image, 'true']);
    const dangling = await docker(['commit', source]);
    created.images.add(dangling);

    const defaults = await prune.preview('images');
    expect(defaults.candidates.map((candidate) => candidate.id)).toContain(dangling);
    const testImageId = await docker(['image', 'inspect', '-f', '{{.Id}}', image]);
    expect(defaults.candidates.map((candidate) => candidate.id)).not.toContain(testImageId);

    const result = await prune.prune('images', [dangling]);
    expect(result.removed.map((removed) => removed.id)).toEqual([dangling]);
    // The test image is used by containers in this file, so even "all unused" keeps it.
    expect((await prune.preview('images', true)).candidates.map((candidate) => candidate.id)).not.toContain(testImageId);
  });

  it('removes an unused image that has several tags, all of them', async () => {
    const source = uniqueName('prune-tags-src');
    created.containers.add(source);
    await docker(['create', '--name', source, '--label', LABEL, image, 'true']);
    const names = [`berth-test/${uniqueName('prune-tags')}:one`, `berth-test/${uniqueName('prune-tags')}:two`];
    const id = await docker(['commit', source, names[0]!]);
    created.images.add(id);
    await docker(['tag', names[0]!, names[1]!]);

    const preview = await prune.preview('images', true);
    expect(preview.candidates.find((candidate) => candidate.id === id)?.name.split(', ').sort()).toEqual([...names].sort());
    const result = await prune.prune('images', [id]);
    expect(result.failed).toEqual([]);
    expect(result.removed.map((removed) => removed.id)).toEqual([id]);
    await expect(docker(['image', 'inspect', id])).rejects.toThrow();
  });
});
