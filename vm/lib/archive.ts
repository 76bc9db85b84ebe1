// Talking to the Debian archive: the signed InRelease, the Packages index it vouches for, and .debs by checksum.
// Everything downloaded is kept in the cache, keyed by its sha256 (so a second build reads nothing from the network
// except the small InRelease, and nothing at all when that fails and a cached one exists).
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { run } from './exec';
import { parsePackagesIndex, type PackageEntry, type PackageIndex } from './packages';
import { parseRelease, type ReleaseInfo } from './release';

export const DEFAULT_KEYRING = '/usr/share/keyrings/debian-archive-keyring.gpg';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

async function download(url: string, timeoutMs = 300_000): Promise<Buffer> {
  const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

async function writeAtomic(path: string, data: Uint8Array): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

export interface SuiteRelease {
  text: string;
  info: ReleaseInfo;
  /** Where it came from: the network, or the cache when the mirror could not be reached. */
  source: 'network' | 'cache';
}

/** Fetches dists/<suite>/InRelease and checks its signature with gpgv against Debian's archive keyring. */
export async function fetchRelease(mirror: string, suite: string, cacheRoot: string, keyring: string, log: (s: string) => void): Promise<SuiteRelease> {
  const dir = join(cacheRoot, 'indexes', suite);
  await mkdir(dir, { recursive: true });
  const cached = join(dir, 'InRelease');
  let text: string;
  let source: SuiteRelease['source'] = 'network';
  try {
    text = (await download(`${mirror}/dists/${suite}/InRelease`, 60_000)).toString('utf8');
  } catch (e) {
    if (!existsSync(cached)) throw e;
    log(`note: ${mirror} unreachable (${(e as Error).message}); using the cached InRelease of ${suite}`);
    text = await readFile(cached, 'utf8');
    source = 'cache';
  }
  if (!existsSync(keyring)) throw new Error(`archive keyring ${keyring} missing (Debian package debian-archive-keyring; or set BERTH_VM_KEYRING)`);
  try {
    await run('gpgv', ['--keyring', keyring, '-'], { input: Buffer.from(text) });
  } catch (e) {
    throw new Error(`InRelease of ${suite} does not verify against ${keyring}: ${(e as Error).message}`);
  }
  if (source === 'network') await writeAtomic(cached, Buffer.from(text));
  return { text, info: parseRelease(text), source };
}

export interface LoadedIndex {
  index: PackageIndex;
  sha256: string;
}

/** main/binary-<arch>/Packages.xz, verified against InRelease's SHA256 list, parsed. */
export async function fetchPackagesIndex(mirror: string, suite: string, arch: string, release: ReleaseInfo, cacheRoot: string): Promise<LoadedIndex> {
  const rel = `main/binary-${arch}/Packages.xz`;
  const want = release.sha256.get(rel);
  if (!want) throw new Error(`InRelease of ${suite} lists no ${rel}`);
  const dir = join(cacheRoot, 'indexes', 'by-sha256');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${want.sha256}.xz`);
  let xz: Buffer | undefined;
  if (existsSync(path)) {
    xz = await readFile(path);
    if (sha256(xz) !== want.sha256) xz = undefined; // damaged cache entry: fetch again
  }
  if (!xz) {
    xz = await download(`${mirror}/dists/${suite}/${rel}`);
    if (xz.length !== want.size || sha256(xz) !== want.sha256) throw new Error(`${rel} of ${suite}: checksum or size does not match InRelease`);
    await writeAtomic(path, xz);
  }
  const text = (await run('xz', ['-dc'], { input: xz })).toString('utf8');
  return { index: parsePackagesIndex(text), sha256: want.sha256 };
}

/** The .deb of `entry`, from the cache or the mirror, verified against the index's SHA256. Returns its path. */
export async function fetchDeb(mirror: string, entry: PackageEntry, cacheRoot: string): Promise<{ path: string; downloaded: boolean }> {
  const dir = join(cacheRoot, 'debs');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${entry.sha256}.deb`);
  if (existsSync(path)) {
    const data = await readFile(path);
    if (sha256(data) === entry.sha256) return { path, downloaded: false };
  }
  const data = await download(`${mirror}/${entry.filename}`);
  if (sha256(data) !== entry.sha256) throw new Error(`${entry.filename}: sha256 does not match the Packages index`);
  await writeAtomic(path, data);
  return { path, downloaded: true };
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping order in the result. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
