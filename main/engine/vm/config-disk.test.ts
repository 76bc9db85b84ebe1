import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { berthEnv, configDiskImage, writeConfigDisk, type GuestConfig } from './config-disk';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const config: GuestConfig = {
  hostname: 'berth',
  ipCidr: '10.0.2.15/24',
  gateway: '10.0.2.2',
  dns: '10.0.2.3',
  dockerdTcpPort: 2376,
  shareType: 'virtiofs',
  shareTag: 'home',
  sharePath: "/home/o'brien/my dir $HOME `x`",
  time: 1_764_000_000,
  tls: { caPem: 'CA\n', serverCertPem: 'CERT\n', serverKeyPem: 'KEY\n' },
};

describe('config disk', () => {
  it('is a ustar archive in whole sectors that tar extracts to the contract files', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bcd-'));
    dirs.push(dir);
    const file = path.join(dir, 'config.tar');
    await writeConfigDisk(file, config);
    expect((await stat(file)).size % 512).toBe(0);
    const image = await readFile(file);
    expect(image.subarray(257, 263).toString('latin1')).toBe('ustar\0');
    const { stdout } = await run('tar', ['-tvf', file]);
    expect(stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/).at(-1))).toEqual(['tls/', 'berth.env', 'tls/ca.pem', 'tls/server-cert.pem', 'tls/server-key.pem']);
    expect(stdout).toMatch(/-rw------- .* tls\/server-key\.pem/);
    const out = path.join(dir, 'x');
    await run('mkdir', [out]);
    await run('tar', ['-xf', file, '-C', out]);
    expect(await readFile(path.join(out, 'tls/server-cert.pem'), 'utf8')).toBe('CERT\n');
    // The guest sources berth.env with a POSIX shell: every value must come back exactly, quotes and all.
    const { stdout: sourced } = await run('sh', ['-c', `. '${path.join(out, 'berth.env')}' && printf '%s|%s|%s|%s' "$BERTH_SHARE_PATH" "$BERTH_DOCKERD_TCP_PORT" "$BERTH_TIME" "$BERTH_GUEST_CONTRACT"`]);
    expect(sourced).toBe(`${config.sharePath}|2376|1764000000|1`);
  });

  it('names exactly the contract keys', () => {
    expect(berthEnv(config).split('\n').filter(Boolean).map((line) => line.split('=')[0])).toEqual([
      'BERTH_HOSTNAME', 'BERTH_IP', 'BERTH_GATEWAY', 'BERTH_DNS', 'BERTH_DOCKERD_TCP_PORT', 'BERTH_SHARE_TYPE', 'BERTH_SHARE_TAG', 'BERTH_SHARE_PATH', 'BERTH_TIME', 'BERTH_GUEST_CONTRACT',
    ]);
  });

  it('is the same bytes for the same input (the mtime is the boot time, not the clock)', async () => {
    expect((await configDiskImage(config)).equals(await configDiskImage(config))).toBe(true);
  });
});
