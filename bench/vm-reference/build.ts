// The reference guest for bench/vm.ts: "the usual approach" to a Docker VM, built the plain way so Berth's guest
// has something honest to be compared with. Debian bookworm minbase + systemd + docker.io + Debian's standard kernel
// (linux-image-amd64), made with debootstrap in a chroot (the host is amd64; this is the comparison, not the
// product), then written into an ext4 image with `mkfs.ext4 -d` (no loop mount). Booted with the kernel and initrd
// from its own /boot. dockerd listens on plain TCP inside (loopback-only hostfwd on the host), with `--tls=false`
// stated explicitly: dockerd 20.10 otherwise sleeps 15 s at start to discourage unauthenticated TCP, which would
// make the reference look slower than the usual approach really is.
// Built once and cached under ~/.cache/berth/bench/vm-reference/<hash of the recipe>.
// Needs: debootstrap, e2fsprogs (mkfs.ext4 with -d), root (chroot), and deb.debian.org.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { which } from '../../main/engine/process-tools';

const run = promisify(execFile);

/** Inside the guest: dockerd's TCP port (forwarded from a host loopback port), and its static address (as Berth's). */
export const REFERENCE_ENGINE_PORT = 2375;

const RECIPE = {
  version: 1,
  suite: 'bookworm',
  mirror: 'http://deb.debian.org/debian',
  variant: 'minbase',
  // udev: loads virtio_net & co. from modaliases (every driver of the standard kernel is a module).
  include: ['systemd', 'systemd-sysv', 'udev', 'kmod', 'initramfs-tools', 'docker.io', 'linux-image-amd64'],
  imageSize: '4G',
  files: {
    'etc/systemd/system/docker.service.d/bench.conf':
      '[Service]\nExecStart=\nExecStart=/usr/sbin/dockerd -H fd:// -H tcp://0.0.0.0:2375 --tls=false --containerd=/run/containerd/containerd.sock\n',
    // Static address, as Berth's guest uses (no DHCP round trip on either side).
    'etc/systemd/network/10-eth.network': '[Match]\nName=en* eth*\n\n[Network]\nAddress=10.0.2.15/24\nGateway=10.0.2.2\nDNS=10.0.2.3\n',
    'etc/hostname': 'reference\n',
    'etc/hosts': '127.0.0.1\tlocalhost\n127.0.1.1\treference\n',
    'etc/fstab': '/dev/vda / ext4 rw,noatime 0 1\n',
    // A fixed machine id: no first-boot units on every boot of a fresh overlay.
    'etc/machine-id': '6f0a6a7d3b1c4e0f9a2b8c7d6e5f4a3b\n',
  } as Record<string, string>,
  enable: ['systemd-networkd.service'],
};

export interface ReferenceImage {
  dir: string;
  kernel: string;
  initrd: string;
  /** Raw ext4 image of the root file system; boot a qcow2 overlay on it, never the file itself. */
  rootImage: string;
  /** The recipe's hash (the cache key). */
  key: string;
}

export function referenceCacheRoot(): string {
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'berth', 'bench', 'vm-reference');
}

export function recipeKey(): string {
  return createHash('sha256').update(JSON.stringify(RECIPE)).digest('hex').slice(0, 16);
}

/** What the build needs that is missing, as one sentence to act on, or undefined. */
export function referenceBuildNeeds(): string | undefined {
  const missing = ['debootstrap', 'mkfs.ext4', 'chroot'].filter((tool) => !which(tool, { PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` }));
  if (missing.length) return `The reference guest needs ${missing.join(', ')}: apt-get install -y debootstrap e2fsprogs`;
  if (process.getuid?.() !== 0) return 'The reference guest is built with debootstrap in a chroot, which needs root.';
  return undefined;
}

function streamed(command: string, args: string[], log: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } });
    let tail = '';
    const take = (chunk: Buffer) => {
      tail = (tail + chunk.toString()).slice(-4000);
      for (const line of chunk.toString().split('\n')) if (/^I: (Retrieving|Validating|Installing|Configuring) (linux-image|docker|systemd) |^I: Base system/.test(line)) log(line);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')}: exit ${code}\n${tail}`))));
  });
}

/** The reference image, built on first use (a few minutes: debootstrap downloads ~200 MB), then from the cache. */
export async function ensureReferenceImage(log: (line: string) => void = () => undefined): Promise<ReferenceImage> {
  const key = recipeKey();
  const dir = path.join(referenceCacheRoot(), key);
  const image: ReferenceImage = { dir, key, kernel: path.join(dir, 'vmlinuz'), initrd: path.join(dir, 'initrd.img'), rootImage: path.join(dir, 'root.img') };
  if (existsSync(path.join(dir, 'done'))) return image;
  const needs = referenceBuildNeeds();
  if (needs) throw new Error(needs);
  const work = `${dir}.tmp`;
  await rm(work, { recursive: true, force: true });
  await mkdir(work, { recursive: true });
  const rootfs = path.join(work, 'rootfs');
  const started = Date.now();
  log(`building the reference guest (debootstrap ${RECIPE.variant} ${RECIPE.suite} + ${RECIPE.include.join(', ')}) into ${work}`);
  try {
    await streamed('debootstrap', [`--variant=${RECIPE.variant}`, `--include=${RECIPE.include.join(',')}`, RECIPE.suite, rootfs, RECIPE.mirror], log);
    for (const [file, content] of Object.entries(RECIPE.files)) {
      await mkdir(path.dirname(path.join(rootfs, file)), { recursive: true });
      await writeFile(path.join(rootfs, file), content);
    }
    for (const unit of RECIPE.enable) await run('chroot', [rootfs, 'systemctl', 'enable', unit], { env: { ...process.env, PATH: '/usr/sbin:/usr/bin:/sbin:/bin' } });
    // Not needed to boot, only makes the image bigger.
    await run('sh', ['-c', `rm -rf '${rootfs}'/var/cache/apt/archives/*.deb '${rootfs}'/var/lib/apt/lists/*`]);
    const boot = await readdir(path.join(rootfs, 'boot'));
    const vmlinuz = boot.find((name) => name.startsWith('vmlinuz-'));
    const initrd = boot.find((name) => name.startsWith('initrd.img-'));
    if (!vmlinuz || !initrd) throw new Error(`no kernel or initrd in ${rootfs}/boot (${boot.join(', ')})`);
    await copyFile(path.join(rootfs, 'boot', vmlinuz), path.join(work, 'vmlinuz'));
    await copyFile(path.join(rootfs, 'boot', initrd), path.join(work, 'initrd.img'));
    await writeFile(path.join(work, 'kernel-release'), `${vmlinuz.slice('vmlinuz-'.length)}\n`);
    const raw = path.join(work, 'root.img');
    await run('truncate', ['-s', RECIPE.imageSize, raw]);
    await run('mkfs.ext4', ['-q', '-F', '-L', 'reference', '-d', rootfs, raw], { env: { ...process.env, PATH: `${process.env.PATH ?? ''}:/usr/sbin:/sbin` } });
    await rm(rootfs, { recursive: true, force: true });
    await writeFile(path.join(work, 'recipe.json'), `${JSON.stringify(RECIPE, null, 2)}\n`);
    await writeFile(path.join(work, 'done'), `${new Date().toISOString()}\n`);
    await rm(dir, { recursive: true, force: true });
    await rename(work, dir);
    log(`reference guest built in ${((Date.now() - started) / 1000).toFixed(0)} s: ${dir}`);
    return image;
  } catch (err) {
    // Never leave a half-built chroot behind (its /proc may still be mounted by a failed debootstrap).
    await run('sh', ['-c', `grep -o ' ${rootfs}[^ ]*' /proc/mounts | sort -r | xargs -r -n1 umount -l`]).catch(() => undefined);
    await rm(work, { recursive: true, force: true });
    throw err;
  }
}

// `npx tsx bench/vm-reference/build.ts` builds (or finds) it and prints where it is.
if (import.meta.url === `file://${process.argv[1]}`) {
  const image = await ensureReferenceImage((line) => console.log(line));
  console.log(JSON.stringify(image, null, 2));
}
