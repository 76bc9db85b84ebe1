import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namespacePid } from './exec-hangup';

let proc: string;
const CONTAINER = 'a'.repeat(64);

async function fakeProcess(pid: number, nspid: string, cgroup: string) {
  await mkdir(path.join(proc, String(pid)));
  await writeFile(path.join(proc, String(pid), 'status'), `Name:\tsh\nNSpid:\t${nspid}\nPPid:\t1\n`);
  await writeFile(path.join(proc, String(pid), 'cgroup'), cgroup);
}

beforeAll(async () => {
  proc = await mkdtemp('/tmp/berth-proc-');
  await fakeProcess(100, '100\t7', `8:pids:/docker/${CONTAINER}\n`);
  await fakeProcess(200, '200\t9', `0::/system.slice/docker-${'b'.repeat(64)}.scope\n`);
  await fakeProcess(300, '300', `8:pids:/docker/${CONTAINER}\n`);
});
afterAll(() => rm(proc, { recursive: true, force: true }));

describe('namespacePid', () => {
  it('reads the in-container pid of a process of that container', async () => {
    expect(await namespacePid(100, CONTAINER, proc)).toBe(7);
  });
  it('refuses processes of other containers, outside a pid namespace, or not visible', async () => {
    expect(await namespacePid(200, CONTAINER, proc)).toBeUndefined();
    expect(await namespacePid(300, CONTAINER, proc)).toBeUndefined();
    expect(await namespacePid(400, CONTAINER, proc)).toBeUndefined();
  });
});
