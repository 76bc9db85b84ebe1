import { open, rename } from 'node:fs/promises';
import { pack } from 'tar-stream';

/** The guest contract version this host speaks (see the guest's README). */
export const GUEST_CONTRACT = 1;
const BLOCK = 512;

export interface GuestConfig {
  hostname: string;
  ipCidr: string;
  gateway: string;
  dns: string;
  dockerdTcpPort: number;
  shareType: 'virtiofs' | '9p' | 'none';
  shareTag: string;
  /** The guest path where the share is mounted: the host path of the user's home. */
  sharePath: string;
  /** Host epoch seconds at boot. */
  time: number;
  tls: { caPem: string; serverCertPem: string; serverKeyPem: string };
}

/** A shell single-quoted value: `'` becomes `'\''`. */
export function shellSingleQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** `berth.env`: shell-sourceable `KEY='value'` lines, exactly the contract's keys. */
export function berthEnv(config: GuestConfig): string {
  const entries: [string, string | number][] = [
    ['BERTH_HOSTNAME', config.hostname],
    ['BERTH_IP', config.ipCidr],
    ['BERTH_GATEWAY', config.gateway],
    ['BERTH_DNS', config.dns],
    ['BERTH_DOCKERD_TCP_PORT', config.dockerdTcpPort],
    ['BERTH_SHARE_TYPE', config.shareType],
    ['BERTH_SHARE_TAG', config.shareTag],
    ['BERTH_SHARE_PATH', config.sharePath],
    ['BERTH_TIME', config.time],
    ['BERTH_GUEST_CONTRACT', GUEST_CONTRACT],
  ];
  return entries.map(([key, value]) => `${key}=${shellSingleQuote(String(value))}\n`).join('');
}

/** The files of the config disk, in archive order. */
export function configDiskFiles(config: GuestConfig): { name: string; content: string; mode: number }[] {
  return [
    { name: 'berth.env', content: berthEnv(config), mode: 0o644 },
    { name: 'tls/ca.pem', content: config.tls.caPem, mode: 0o644 },
    { name: 'tls/server-cert.pem', content: config.tls.serverCertPem, mode: 0o644 },
    { name: 'tls/server-key.pem', content: config.tls.serverKeyPem, mode: 0o600 },
  ];
}

/** The config disk's bytes: a ustar archive of `configDiskFiles`, padded to a whole number of 512-byte sectors. */
export async function configDiskImage(config: GuestConfig, mtime = new Date(config.time * 1000)): Promise<Buffer> {
  const archive = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    archive.on('data', (chunk) => chunks.push(chunk as Buffer));
    archive.on('end', resolve);
    archive.on('error', reject);
  });
  archive.entry({ name: 'tls/', type: 'directory', mode: 0o755, mtime });
  for (const file of configDiskFiles(config)) {
    archive.entry({ name: file.name, mode: file.mode, mtime, uid: 0, gid: 0 }, file.content);
  }
  archive.finalize();
  await done;
  const data = Buffer.concat(chunks);
  const padded = Math.ceil(data.length / BLOCK) * BLOCK;
  return padded === data.length ? data : Buffer.concat([data, Buffer.alloc(padded - data.length)]);
}

/** Writes the config disk (replaced whole, so a half-written file never reaches a guest). */
export async function writeConfigDisk(file: string, config: GuestConfig): Promise<void> {
  const image = await configDiskImage(config);
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = await open(temporary, 'w', 0o600);
  try {
    await handle.writeFile(image);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}
