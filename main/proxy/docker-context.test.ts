import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { BERTH_CONTEXT, contextMetaFile, DockerContext, dockerConfigDir } from './docker-context';

const run = promisify(execFile);

/** Both docker CLIs on these machines: Debian's 20.10 and a current one; the context format must suit both. */
const CLIS = ['/usr/bin/docker', '/usr/local/bin/docker'].filter((cli) => existsSync(cli));

describe('the berth docker context (temp DOCKER_CONFIG, real docker CLI)', () => {
  const { dockerHost } = inject('testEngine');
  let root: string;
  let configDir: string;
  let dataDir: string;

  const context = (host = dockerHost) => new DockerContext({ host, dataDir, env: { DOCKER_CONFIG: configDir, HOME: path.join(root, 'home') } });
  const docker = async (cli: string, args: string[]) => (await run(cli, args, { env: { PATH: process.env.PATH, DOCKER_CONFIG: configDir } })).stdout.trim();
  // `docker context show` is newer than 20.10; `ls` marks the current one in both.
  const currentOf = async (cli: string) => (await docker(cli, ['context', 'ls', '--format', '{{if .Current}}{{.Name}}{{end}}'])).trim();
  const readConfig = async () => JSON.parse(await readFile(path.join(configDir, 'config.json'), 'utf8')) as Record<string, unknown>;

  beforeEach(async () => {
    root = await mkdtemp('/tmp/bctx-');
    configDir = path.join(root, 'docker-config');
    dataDir = path.join(root, 'data');
  });

  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('finds the docker config in DOCKER_CONFIG, else ~/.docker', () => {
    expect(dockerConfigDir({ DOCKER_CONFIG: '/tmp/dc', HOME: '/home/me' })).toBe('/tmp/dc');
    expect(dockerConfigDir({ HOME: '/home/me' })).toBe('/home/me/.docker');
  });

  it('names the context folder by the sha256 of "berth", as the docker CLI does', () => {
    // printf berth | sha256sum
    expect(contextMetaFile('/c', 'berth')).toBe('/c/contexts/meta/5c2f64c7f21efd5fb5e3d6a499abe5eacb248ae6f6f0085387c9a056d10ef5fd/meta.json');
  });

  for (const cli of CLIS) {
    it(`is listed and inspected by ${cli}, and reaches the engine through it`, async () => {
      await context().write();
      const listed = (await docker(cli, ['context', 'ls', '--format', '{{json .}}'])).split('\n').map((line) => JSON.parse(line) as { Name: string; DockerEndpoint: string; Description: string });
      expect(listed.find((entry) => entry.Name === BERTH_CONTEXT)).toMatchObject({ DockerEndpoint: dockerHost, Description: 'Berth' });
      const [inspected] = JSON.parse(await docker(cli, ['context', 'inspect', BERTH_CONTEXT])) as { Name: string; Endpoints: { docker: { Host: string; SkipTLSVerify: boolean } } }[];
      expect(inspected).toMatchObject({ Name: BERTH_CONTEXT, Endpoints: { docker: { Host: dockerHost, SkipTLSVerify: false } } });
      expect(await docker(cli, ['--context', BERTH_CONTEXT, 'version', '--format', '{{.Server.APIVersion}}'])).toMatch(/^1\.\d+$/);
    });

    it(`switches ${cli}'s current context on use() and back on restore()`, async () => {
      await mkdir(path.join(configDir, 'contexts'), { recursive: true });
      await docker(cli, ['context', 'create', 'mine', '--docker', `host=${dockerHost}`]);
      await docker(cli, ['context', 'use', 'mine']);
      await context().use();
      expect(await currentOf(cli)).toBe(BERTH_CONTEXT);
      await context().restore();
      expect(await currentOf(cli)).toBe('mine');
    });
  }

  it('updates its own context when the socket moves, and never touches other contexts', async () => {
    const other = contextMetaFile(configDir, 'other');
    await mkdir(path.dirname(other), { recursive: true });
    const otherText = '{"Name":"other","Metadata":{},"Endpoints":{"docker":{"Host":"unix:///other.sock","SkipTLSVerify":false}}}';
    await writeFile(other, otherText);
    await context('unix:///first/docker.sock').write();
    await context('unix:///second/docker.sock').write();
    const meta = JSON.parse(await readFile(contextMetaFile(configDir, BERTH_CONTEXT), 'utf8')) as unknown;
    expect(meta).toEqual({ Name: 'berth', Metadata: { Description: 'Berth' }, Endpoints: { docker: { Host: 'unix:///second/docker.sock', SkipTLSVerify: false } } });
    expect(await readFile(other, 'utf8')).toBe(otherText);
    // Written atomically: no temporary file is left next to it.
    expect(await readdir(path.dirname(contextMetaFile(configDir, BERTH_CONTEXT)))).toEqual(['meta.json']);
    expect((await context('unix:///first/docker.sock').state()).exists).toBe(false);
    expect((await context('unix:///second/docker.sock').state()).exists).toBe(true);
  });

  it('use() keeps every other key of config.json and its mode, remembers the previous context in Berth\'s data dir', async () => {
    await mkdir(configDir, { recursive: true });
    const original = { auths: { '127.0.0.1:5000': { auth: 'dXNlcjpwYXNz' } }, credsStore: 'pass', currentContext: 'mine', psFormat: '{{.ID}}', plugins: { x: { a: '1' } } };
    await writeFile(path.join(configDir, 'config.json'), JSON.stringify(original, null, 4));
    await chmod(path.join(configDir, 'config.json'), 0o600);

    const used = await context().use();
    expect(used).toMatchObject({ configDir, exists: true, current: 'berth', previous: 'mine' });
    expect(await readConfig()).toEqual({ ...original, currentContext: 'berth' });
    expect((await stat(path.join(configDir, 'config.json'))).mode & 0o777).toBe(0o600);
    expect(await readdir(configDir)).toEqual(expect.arrayContaining(['config.json', 'contexts']));
    expect((await readdir(configDir)).filter((name) => name.includes('tmp'))).toEqual([]);
    // Remembered in Berth's data dir, not in the docker config.
    expect(JSON.parse(await readFile(path.join(dataDir, 'docker-context.json'), 'utf8'))).toEqual({ previous: { [configDir]: 'mine' } });

    // Pressing it again does not forget what to put back.
    expect(await context().use()).toMatchObject({ current: 'berth', previous: 'mine' });

    const restored = await context().restore();
    expect(restored).toMatchObject({ exists: true, current: 'mine' });
    expect(restored.previous).toBeUndefined();
    expect(await readConfig()).toEqual(original);
  });

  it('restore() removes currentContext when none was set before, and creates config.json when there was none', async () => {
    expect(await context().state()).toMatchObject({ exists: false, current: 'default' });
    expect(await context().use()).toMatchObject({ current: 'berth', previous: 'default' });
    expect(await readConfig()).toEqual({ currentContext: 'berth' });
    await context().restore();
    expect(await readConfig()).toEqual({});
    expect(await context().state()).toMatchObject({ exists: true, current: 'default' });
  });

  it('restore() leaves a context the user chose since alone, and says so', async () => {
    await context().use();
    await writeFile(path.join(configDir, 'config.json'), JSON.stringify({ currentContext: 'elsewhere' }));
    await expect(context().restore()).rejects.toMatchObject({ code: 'conflict', message: expect.stringContaining('"elsewhere"') });
    expect(await readConfig()).toEqual({ currentContext: 'elsewhere' });
  });

  it('refuses to change a config.json that is not valid JSON, and reports it in state()', async () => {
    await mkdir(configDir, { recursive: true });
    await writeFile(path.join(configDir, 'config.json'), '{"auths": {,}');
    await expect(context().use()).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('is not valid JSON') });
    expect(await readFile(path.join(configDir, 'config.json'), 'utf8')).toBe('{"auths": {,}');
    expect((await context().state()).error).toContain('is not valid JSON');
    await writeFile(path.join(configDir, 'config.json'), '[1]');
    await expect(context().use()).rejects.toMatchObject({ code: 'invalid-input' });
    expect(await readFile(path.join(configDir, 'config.json'), 'utf8')).toBe('[1]');
  });

  it('keeps a symlinked config.json a symlink', async () => {
    await mkdir(configDir, { recursive: true });
    const real = path.join(root, 'dotfiles-config.json');
    await writeFile(real, JSON.stringify({ auths: {} }));
    await symlink(real, path.join(configDir, 'config.json'));
    await context().use();
    expect(JSON.parse(await readFile(real, 'utf8'))).toEqual({ auths: {}, currentContext: 'berth' });
  });
});
