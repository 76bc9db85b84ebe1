// The kernel's build configuration (/boot/config-<version>): what the image can rely on.

export type KconfigValue = string; // "y", "m", a number or a quoted string

export function parseKconfig(text: string): Map<string, KconfigValue> {
  const cfg = new Map<string, KconfigValue>();
  for (const line of text.split('\n')) {
    const m = /^(CONFIG_[A-Za-z0-9_]+)=(.*)$/.exec(line);
    if (m) cfg.set(m[1]!, m[2]!);
  }
  return cfg;
}

const enabled = (cfg: Map<string, KconfigValue>, key: string): boolean => cfg.get(key) === 'y' || cfg.get(key) === 'm';

export type ShareType = 'virtiofs' | '9p';

/** The home-share types this kernel can mount: virtiofs needs VIRTIO_FS (+ FUSE_FS), 9p needs 9P_FS and NET_9P_VIRTIO. */
export function shareSupport(cfg: Map<string, KconfigValue>): ShareType[] {
  const out: ShareType[] = [];
  if (enabled(cfg, 'CONFIG_VIRTIO_FS') && enabled(cfg, 'CONFIG_FUSE_FS')) out.push('virtiofs');
  if (enabled(cfg, 'CONFIG_9P_FS') && enabled(cfg, 'CONFIG_NET_9P') && enabled(cfg, 'CONFIG_NET_9P_VIRTIO')) out.push('9p');
  return out;
}

export type InitramfsCompression = 'none' | 'gzip' | 'zstd' | 'lz4' | 'xz';

/** Whether the kernel can unpack an initramfs compressed this way (CONFIG_RD_*). Built in only: the kernel has no modules yet. */
export function supportsInitramfs(cfg: Map<string, KconfigValue>, compression: InitramfsCompression): boolean {
  if (cfg.get('CONFIG_BLK_DEV_INITRD') !== 'y') return false;
  const key = { none: undefined, gzip: 'CONFIG_RD_GZIP', zstd: 'CONFIG_RD_ZSTD', lz4: 'CONFIG_RD_LZ4', xz: 'CONFIG_RD_XZ' }[compression];
  return key === undefined || cfg.get(key) === 'y';
}

export function cgroupV2(cfg: Map<string, KconfigValue>): boolean {
  return cfg.get('CONFIG_CGROUPS') === 'y' && cfg.get('CONFIG_MEMCG') === 'y';
}
