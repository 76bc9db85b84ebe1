import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { dockerCli, uniqueName } from '../../../testing/docker-cli';
import { toApiError } from '../../api/errors';
import { EngineConnection } from '../../engine/connection';
import { PluginService } from './system-plugins';

const { dockerHost, image } = inject('testEngine');
const LABEL = 'berth.test=system-plugins';
const execFileAsync = promisify(execFile);
const docker = (args: string[]) => dockerCli(dockerHost, args);

let engine: EngineConnection;

beforeAll(() => {
  engine = new EngineConnection(dockerHost);
});

afterAll(() => engine.stop());

describe('PluginService', () => {
  it('refuses to toggle a plugin that is not installed', async () => {
    const error = await new PluginService(engine).setEnabled('berth/no-such-plugin', true).then(() => undefined, toApiError);
    expect(error?.code).toBe('not-found');
    expect(error?.message).toContain('berth/no-such-plugin');
  });

  it('lists an installed plugin with its capabilities and state', async () => {
    // A plugin made offline from the test image's filesystem; it is never enabled (that would start it).
    const dir = await mkdtemp(path.join(tmpdir(), 'berth-plugin-'));
    const name = `berth-test/${uniqueName('plugin')}:latest`;
    const source = uniqueName('plugin-rootfs');
    try {
      await docker(['create', '--name', source, '--label', LABEL, image, 'true']);
      await mkdir(path.join(dir, 'rootfs'));
      await execFileAsync('sh', ['-c', `docker -H ${dockerHost} export ${source} | tar -x -C ${path.join(dir, 'rootfs')}`]);
      const config = { description: 'Berth test plugin', documentation: 'https://example.invalid', entrypoint: ['/bin/true'], interface: { types: ['docker.volumedriver/1.0'], socket: 'berth.sock' }, network: { type: 'none' } };
      await writeFile(path.join(dir, 'config.json'), JSON.stringify(config));
      await docker(['plugin', 'create', name, dir]);

      const plugins = new PluginService(engine);
      const listed = (await plugins.list()).find((plugin) => plugin.name === name);
      expect(listed).toMatchObject({ name, enabled: false, types: ['docker.volumedriver/1.0'], description: 'Berth test plugin' });
      expect(await plugins.setEnabled(name, false)).toMatchObject({ name, enabled: false });
    } finally {
      await docker(['plugin', 'rm', '-f', name]).catch(() => undefined);
      await docker(['rm', '-f', source]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
