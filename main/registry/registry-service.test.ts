import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SearchGroup } from '../../common/contract/registries';
import { dockerCli, uniqueName } from '../../testing/docker-cli';
import { startHubReplay, type HubReplay } from '../../testing/hub-replay';
import { startRegistry, type Registry } from '../../testing/test-engine';
import { CredentialStore } from '../credentials/credential-store';
import { KeyFileSecretBox } from '../credentials/secret-box';
import { HubClient } from './hub-client';
import { HUB_ID, RegistryService } from './registry-service';
import { RegistryStore } from './registry-store';
import { RegistryV2Client } from './v2-client';

const run = promisify(execFile);
const { dockerHost, registry, image } = inject('testEngine');
const namespace = uniqueName('regsvc');
const TAGS = ['1.0', '1.1', '2.0', 'latest', 'stable'];
const REPOS = ['alpha-web', 'alpha-db', 'beta-cache'];

async function search(service: RegistryService, term: string): Promise<SearchGroup[]> {
  const groups: SearchGroup[] = [];
  await service.search(term, 25, (group) => groups.push(group), new AbortController().signal);
  return groups;
}

describe('RegistryService against real docker-registry instances', () => {
  let dir: string;
  let service: RegistryService;
  let hub: HubReplay;
  let authRegistry: Registry;
  const pushed: string[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'berth-data-'));
    hub = await startHubReplay();
    service = new RegistryService(new RegistryStore(dir), new CredentialStore(dir, async () => new KeyFileSecretBox(path.join(dir, 'secret.key'))), new HubClient(hub.url));
    for (const repo of REPOS) {
      for (const tag of repo === 'alpha-web' ? TAGS : ['1.0']) {
        const ref = `${registry}/${namespace}/${repo}:${tag}`;
        await dockerCli(dockerHost, ['tag', image, ref]);
        await dockerCli(dockerHost, ['push', ref]);
        pushed.push(ref);
      }
    }
    const htpasswd = path.join(dir, 'htpasswd');
    const { stdout } = await run('htpasswd', ['-Bbn', 'tester', 's3cret-pass']);
    await writeFile(htpasswd, stdout);
    authRegistry = await startRegistry({ htpasswdFile: htpasswd });
  });

  afterAll(async () => {
    for (const ref of pushed) await dockerCli(dockerHost, ['rmi', ref]).catch(() => undefined);
    await authRegistry?.stop();
    await hub?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('adds a plain-HTTP registry and finds repositories by part of their name, grouped with Docker Hub (Hub replayed from loopback)', async () => {
    await service.add({ name: 'Test registry', url: registry, insecure: true });
    const groups = await search(service, 'alpha');
    const local = groups.find((group) => group.registry.host === registry)!;
    expect(local.error).toBeUndefined();
    const mine = local.results.filter((result) => result.repository.startsWith(`${namespace}/`));
    expect(mine.map((result) => result.repository)).toEqual([`${namespace}/alpha-db`, `${namespace}/alpha-web`]);
    expect(mine[0]!.pullName).toBe(`${registry}/${namespace}/alpha-db`);
    const hubGroup = groups.find((group) => group.registry.id === HUB_ID)!;
    expect(hubGroup.results[0]).toMatchObject({ repository: 'library/alpha', pullName: 'alpha', official: true, stars: 20000, pulls: 1000000000 });
    expect(hubGroup.results[1]).toMatchObject({ repository: 'someone/alpha-tools', official: false });
  });

  it('reads Docker Hub tags (replayed from loopback in Hub’s format) page by page', async () => {
    const first = await service.tags(HUB_ID, 'library/nginx', 2, undefined);
    expect(first).toMatchObject({ canDelete: false, cursor: '2' });
    expect(first.tags[0]).toMatchObject({ tag: 'latest', sizeBytes: 70_000_000, multiPlatform: true, created: '2026-01-02T03:04:05.000000Z' });
    const second = await service.tags(HUB_ID, 'library/nginx', 2, first.cursor);
    expect(second.tags.map((tag) => tag.tag)).toEqual(['1.26']);
    expect(second.cursor).toBeUndefined();
  });

  it('keeps private results when Docker Hub is unreachable, with a note in Hub’s group', async () => {
    const offline = new RegistryService(new RegistryStore(dir), new CredentialStore(dir, async () => new KeyFileSecretBox(path.join(dir, 'secret.key'))), new HubClient('http://127.0.0.1:9'));
    const groups = await search(offline, 'beta-cache');
    expect(groups.find((group) => group.registry.id === HUB_ID)!.error).toMatch(/Cannot reach Docker Hub/);
    // The registry cannot forget a repository once pushed, so earlier runs' namespaces stay in its catalog.
    const mine = groups.find((group) => group.registry.host === registry)!.results.filter((result) => result.repository.startsWith(`${namespace}/`));
    expect(mine.map((result) => result.repository)).toEqual([`${namespace}/beta-cache`]);
  });

  it('walks the catalog page by page following Link rel="next" (n=2)', async () => {
    const client = new RegistryV2Client(`http://${registry}`);
    const first = await client.catalogPage(2);
    expect(first.items).toHaveLength(2);
    expect(first.last).toBe(first.items[1]);
    const all = await client.catalog(undefined, 2);
    expect(all).toEqual(expect.arrayContaining(REPOS.map((repo) => `${namespace}/${repo}`)));
    expect(new Set(all).size).toBe(all.length);
  });

  it('lists tags across pages of two, with digest, size and date', async () => {
    const id = (await service.list()).find((entry) => entry.host === registry)!.id;
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await service.tags(id, `${namespace}/alpha-web`, 2, cursor);
      expect(page.tags.length).toBeLessThanOrEqual(2);
      for (const tag of page.tags) {
        expect(tag.digest).toMatch(/^sha256:/);
        expect(tag.sizeBytes).toBeGreaterThan(0);
        expect(Date.parse(tag.created!)).toBeGreaterThan(0);
      }
      seen.push(...page.tags.map((tag) => tag.tag));
      cursor = page.cursor;
      pages++;
    } while (cursor);
    expect(seen.sort()).toEqual([...TAGS].sort());
    expect(pages).toBe(3);
  });

  it('deletes a tag by its digest', async () => {
    const id = (await service.list()).find((entry) => entry.host === registry)!.id;
    await service.deleteTag(id, `${namespace}/beta-cache`, '1.0');
    await expect(service.tags(id, `${namespace}/beta-cache`, 10, undefined)).resolves.toMatchObject({ tags: [] });
  });

  it('refuses wrong credentials, saves verified ones encrypted, and forgets them on log out', async () => {
    await expect(service.add({ name: 'Auth', url: authRegistry.address, insecure: true, username: 'tester', password: 'wrong' })).rejects.toThrow(/refused the user name or password/);
    const added = await service.add({ name: 'Auth', url: authRegistry.address, insecure: true, username: 'tester', password: 's3cret-pass' });
    expect(added.username).toBe('tester');
    expect(JSON.stringify(added)).not.toContain('s3cret-pass');
    const file = await readFile(path.join(dir, 'credentials.json'), 'utf8');
    expect(file).not.toContain('s3cret-pass');
    expect(file).not.toContain('tester');
    expect((await stat(path.join(dir, 'credentials.json'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
    expect(await service.credentialsFor(authRegistry.address)).toEqual({ username: 'tester', password: 's3cret-pass' });

    const groups = await search(service, '');
    expect(groups.find((group) => group.registry.host === authRegistry.address)!.error).toBeUndefined();

    const loggedOut = await service.logout(added.id);
    expect(loggedOut.username).toBeUndefined();
    const after = await search(service, '');
    expect(after.find((group) => group.registry.host === authRegistry.address)!.error).toMatch(/requires you to log in/);
  });
});
