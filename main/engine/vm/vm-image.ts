import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { GUEST_CONTRACT } from './config-disk';

export type GuestArch = 'amd64' | 'arm64';

const fileInfo = z.object({ sha256: z.string(), size: z.number() }).passthrough();
/** The fields of the image manifest the host reads (the contract's manifest.json). */
export const manifestSchema = z
  .object({
    schema: z.literal(1),
    guestContract: z.number(),
    arch: z.enum(['amd64', 'arm64']),
    suite: z.string().optional(),
    kernel: z.object({ package: z.string(), version: z.string(), release: z.string() }).passthrough(),
    engine: z.object({ docker: z.string(), containerd: z.string().optional(), runc: z.string().optional() }).passthrough(),
    inputsHash: z.string().optional(),
    files: z.object({ vmlinuz: fileInfo, 'initramfs.img': fileInfo, 'engine.img': fileInfo.optional() }).passthrough(),
    share: z.array(z.string()).default([]),
  })
  .passthrough();
export type VmManifest = z.infer<typeof manifestSchema>;

export interface VmImage {
  dir: string;
  arch: GuestArch;
  kernel: string;
  initrd: string;
  /** The read-only disk with the engine's binaries (serial `berth-engine`), when the image has one. */
  engineDisk?: string;
  manifest: VmManifest;
}

/** The guest architecture matching this host's CPU. */
export function hostGuestArch(arch: string = process.arch): GuestArch {
  return arch === 'arm64' ? 'arm64' : 'amd64';
}

/**
 * Where a guest image may be, in order: `BERTH_VM_IMAGE_DIR`, the app's resources (packaged builds), the source
 * tree's `vm/out/<arch>` (development and tests), and the builder's cache.
 */
export function imageCandidates(arch: GuestArch, env: NodeJS.ProcessEnv = process.env): string[] {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates: string[] = [];
  if (env.BERTH_VM_IMAGE_DIR) candidates.push(path.resolve(env.BERTH_VM_IMAGE_DIR));
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  if (resources) candidates.push(path.join(resources, 'vm', arch));
  // Source (main/engine/vm) and bundle (out/main) both sit below the repository root.
  for (const up of ['../../..', '../..']) candidates.push(path.resolve(here, up, 'vm', 'out', arch));
  return [...new Set(candidates)];
}

/** Reads and checks one image directory; the reason when it is not usable. */
export function readImage(dir: string, arch: GuestArch): VmImage | string {
  const manifestFile = path.join(dir, 'manifest.json');
  if (!existsSync(manifestFile)) return `no guest image in ${dir}`;
  let manifest: VmManifest;
  try {
    manifest = manifestSchema.parse(JSON.parse(readFileSync(manifestFile, 'utf8')));
  } catch (err) {
    return `${manifestFile} is not a valid image manifest: ${err instanceof Error ? err.message : String(err)}`;
  }
  if (manifest.guestContract !== GUEST_CONTRACT) return `the image in ${dir} speaks guest contract ${manifest.guestContract}; this Berth speaks ${GUEST_CONTRACT}`;
  if (manifest.arch !== arch) return `the image in ${dir} is for ${manifest.arch}, not ${arch}`;
  const kernel = path.join(dir, 'vmlinuz');
  const initrd = path.join(dir, 'initramfs.img');
  const engineInfo = manifest.files['engine.img'];
  const engineDisk = engineInfo ? path.join(dir, 'engine.img') : undefined;
  const files: [string, { size: number }][] = [[kernel, manifest.files.vmlinuz], [initrd, manifest.files['initramfs.img']]];
  if (engineDisk && engineInfo) files.push([engineDisk, engineInfo]);
  for (const [file, info] of files) {
    const size = existsSync(file) ? statSync(file).size : -1;
    if (size !== info.size) return `${file} is ${size < 0 ? 'missing' : `${size} bytes, not the ${info.size} its manifest says`}`;
  }
  return { dir, arch, kernel, initrd, ...(engineDisk ? { engineDisk } : {}), manifest };
}

/** The first usable image, or why none is. */
export function findVmImage(arch: GuestArch = hostGuestArch(), candidates = imageCandidates(arch)): VmImage | { missing: string } {
  const reasons: string[] = [];
  for (const dir of candidates) {
    const image = readImage(dir, arch);
    if (typeof image !== 'string') return image;
    reasons.push(image);
  }
  return {
    missing: `Berth's VM needs its guest image (${arch}), and none was found: ${reasons.join('; ')}. Build it with \`npm run build:vm-image\`, or set BERTH_VM_IMAGE_DIR.`,
  };
}

/** A short runtime directory for unix sockets when the data directory is too deep. */
export function shortRuntimeDir(dir: string, key: string): string {
  const inside = path.join(dir, 'run');
  // The longest socket name used is "qmp.sock"/"fs.sock": keep the whole path within the limit with room to spare.
  if (Buffer.byteLength(path.join(inside, 'qmp.sock')) <= 100) return inside;
  const base = process.env.XDG_RUNTIME_DIR && Buffer.byteLength(process.env.XDG_RUNTIME_DIR) < 60 ? process.env.XDG_RUNTIME_DIR : os.tmpdir();
  return path.join(base, `berth-vm-${key}`);
}
