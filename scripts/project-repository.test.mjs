import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { originRemoteUrl, parseRepository, projectRepository } from './project-repository.mjs';

const dirs = [];
function project({ repository, origin }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'berth-test-repository-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'berth', ...(repository ? { repository } : {}) }));
  if (origin) {
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(
      path.join(dir, '.git', 'config'),
      `[core]\n\tbare = false\n[remote "upstream"]\n\turl = https://github.com/other/fork.git\n[remote "origin"]\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n\turl = ${origin}\n[branch "main"]\n\tremote = origin\n`,
    );
  }
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('projectRepository (where releases are published and Help links)', () => {
  it("takes package.json's repository first, as electron-builder does", () => {
    expect(projectRepository(project({ repository: { type: 'git', url: 'git+https://github.com/acme/berth.git' }, origin: 'git@github.com:someone/else.git' }))).toEqual({
      owner: 'acme',
      repo: 'berth',
      webUrl: 'https://github.com/acme/berth',
    });
    expect(projectRepository(project({ repository: 'github:acme/berth' }))?.webUrl).toBe('https://github.com/acme/berth');
  });

  it("falls back to the origin remote (ssh or https), not another remote's", () => {
    expect(projectRepository(project({ origin: 'git@github.com:acme/berth.git' }))).toMatchObject({ owner: 'acme', repo: 'berth' });
    expect(projectRepository(project({ origin: 'https://gitlab.com/acme/berth.git' }))?.webUrl).toBe('https://gitlab.com/acme/berth');
  });

  it('is undefined when nothing names a repository on a known host (a local clone, a bare copy)', () => {
    expect(projectRepository(project({}))).toBeUndefined();
    expect(projectRepository(project({ origin: '/srv/git/berth' }))).toBeUndefined();
    expect(parseRepository(undefined)).toBeUndefined();
    expect(originRemoteUrl('[remote "upstream"]\n\turl = https://github.com/a/b\n')).toBeUndefined();
    expect(originRemoteUrl('[remote "origin"]\n\tfetch = x\n[branch "main"]\n\turl = https://github.com/a/b\n')).toBeUndefined();
  });
});
