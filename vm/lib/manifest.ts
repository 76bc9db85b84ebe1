// The image manifest (the host reads it; its shape is part of the host<->guest contract) and the inputs hash that keys
// the build cache.
import { createHash } from 'node:crypto';
import type { InitramfsCompression, ShareType } from './kconfig';

export const MANIFEST_SCHEMA = 1;
export const GUEST_CONTRACT = 1;

export interface ManifestPackage {
  name: string;
  version: string;
  arch: string;
  sha256: string;
}

export interface FileInfo {
  sha256: string;
  size: number;
}

export interface Manifest {
  schema: typeof MANIFEST_SCHEMA;
  guestContract: typeof GUEST_CONTRACT;
  arch: 'amd64' | 'arm64';
  suite: string;
  kernel: { package: string; version: string; release: string };
  packages: ManifestPackage[];
  engine: { docker: string; containerd: string; runc: string };
  inputsHash: string;
  /** `engine.img`: the read-only disk with the engine's binaries (recipe.ENGINE_DISK_FILES), serial `berth-engine`. */
  files: { vmlinuz: FileInfo; 'initramfs.img': FileInfo; 'engine.img': FileInfo };
  share: ShareType[];
  /** Beyond the contract's minimum: how the initramfs is compressed, when and from which index it was built. */
  initramfs: { compression: InitramfsCompression; uncompressedSize: number };
  cgroup: 'v2';
  index: { mirror: string; suite: string; codename: string; date: string; packagesSha256: string };
  modules: string[];
}

/** JSON with object keys sorted at every level: the same value always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    return `{${Object.keys(obj)
      .filter((k) => obj[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface BuildInputs {
  arch: string;
  suite: string;
  compression: InitramfsCompression;
  /** Every package unpacked, kernel included, identified by its .deb's sha256. */
  packages: ManifestPackage[];
  /** sha256 of each recipe file (builder sources, guest scripts) by path relative to vm/. */
  recipe: Record<string, string>;
}

export function inputsHash(inputs: BuildInputs): string {
  const normalized = { ...inputs, packages: [...inputs.packages].sort((a, b) => a.name.localeCompare(b.name)) };
  return createHash('sha256').update(canonicalJson({ schema: MANIFEST_SCHEMA, guestContract: GUEST_CONTRACT, inputs: normalized })).digest('hex');
}

/** Upstream version without Debian epoch and revision: "1:2.3+dfsg1-4+b1" -> "2.3". */
export function upstreamVersion(debVersion: string): string {
  const noEpoch = debVersion.replace(/^\d+:/, '');
  const noRevision = noEpoch.includes('-') ? noEpoch.slice(0, noEpoch.lastIndexOf('-')) : noEpoch;
  return noRevision.replace(/[+~](dfsg|ds)\d*.*$/, '');
}
