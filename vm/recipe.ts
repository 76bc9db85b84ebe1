// What goes into Berth's guest image: the packages, what is skipped and pruned, and the kernel modules.
// Everything here feeds the inputs hash (vm/lib/manifest.ts), so changing it rebuilds the image.

export type GuestArch = 'amd64' | 'arm64';
export const ARCHES: GuestArch[] = ['amd64', 'arm64'];

/** A stable suite: its engine is maintained there for years and its packages stay on the mirror. `--suite` overrides. */
export const DEFAULT_SUITE = 'trixie';
export const DEFAULT_MIRROR = 'http://deb.debian.org/debian';

/** The packages the guest needs; their Depends/Pre-Depends are added by the resolver. */
export const ROOT_PACKAGES = [
  'docker.io', // dockerd, docker-proxy (and docker-init via tini)
  'containerd', // containerd and its runc shim
  'runc',
  'iptables', // dockerd's NAT and filter rules (iptables-nft, see IPTABLES_BACKEND)
  'e2fsprogs', // mkfs/fsck/resize2fs for the data disk
  'busybox-static', // shell, init, mount, ip, modprobe, acpid and the rest of userland
  'ca-certificates', // TLS roots for registry pulls (the bundle is assembled by the builder, see rootfs.ts)
];

/**
 * Dependencies not followed, with why. Nothing of a package's maintainer scripts runs in the guest (nothing is
 * "installed", only unpacked), and Berth's own init replaces the distro's boot.
 */
export const SKIP_PACKAGES: ReadonlyMap<string, string> = new Map([
  ['init-system-helpers', 'maintainer-script glue for systemd/sysv (deb-systemd-helper, invoke-rc.d)'],
  ['adduser', 'maintainer scripts create users; the builder writes /etc/passwd and /etc/group'],
  ['debconf', 'configuration questions asked by maintainer scripts'],
  ['debconf-2.0', 'virtual package of debconf'],
  ['cdebconf', 'alternative debconf'],
  ['perl-base', 'used only by maintainer scripts and tools the guest drops'],
  ['sysvinit-utils', "docker.io's /etc/init.d script needs it; Berth's init starts dockerd itself"],
  ['systemd', 'no systemd in the guest'],
  ['systemd-standalone-sysusers', "sysusers for docker.io's group; the builder writes /etc/group"],
  ['systemd-sysusers', 'virtual sysusers provider, as above'],
  ['lsb-base', 'init-script helpers (older suites)'],
  ['openssl', "only ca-certificates' update script uses it; the builder concatenates the CA bundle itself"],
  ['dpkg', 'the package manager: nothing is installed in the guest'],
  ['usrmerge', 'the builder lays the tree out merged-/usr itself'],
  ['usr-is-merged', 'as above'],
]);

/**
 * iptables flavour dockerd runs: Debian's default nft-based one (the kernel's legacy xtables are deprecated).
 * The builder points iptables/ip6tables(-save|-restore) at it, as update-alternatives would.
 */
export const IPTABLES_BACKEND = 'nft' as const;

/** Removed from the tree after unpacking (paths relative to the root, after the /usr merge; `*` matches within a segment). */
export const PRUNE = [
  'usr/share/doc',
  'usr/share/man',
  'usr/share/info',
  'usr/share/locale',
  'usr/share/lintian',
  'usr/share/bash-completion',
  'usr/share/zsh',
  'usr/share/fish',
  'usr/share/bug',
  'usr/share/menu',
  'usr/share/initramfs-tools',
  'usr/share/debconf',
  'usr/share/pixmaps',
  'usr/share/gcc',
  'usr/share/gdb',
  'usr/share/ca-certificates', // after the bundle is written
  'usr/lib/systemd',
  'usr/lib/udev',
  'usr/lib/*/gconv', // iconv charset modules: nothing in the guest converts charsets
  'usr/lib/*/audit',
  'etc/init.d',
  'etc/default',
  'etc/cron.d',
  'etc/cron.daily',
  'etc/logrotate.d',
  'usr/bin/ctr', // containerd's debugging CLI (27 MB)
  'usr/bin/containerd-shim', // v1 shims: dockerd uses io.containerd.runc.v2
  'usr/bin/containerd-shim-runc-v1',
  'usr/bin/containerd-stress',
  'usr/bin/tini', // dynamic tini; docker-init points at tini-static
  'usr/sbin/debugfs',
  'usr/sbin/e2image',
  'usr/sbin/e2scrub*',
  'usr/sbin/e4crypt',
  'usr/sbin/e4defrag',
  'usr/sbin/badblocks',
  'usr/sbin/e2freefrag',
  'usr/sbin/filefrag',
  'usr/sbin/mklost+found',
  'usr/sbin/iptables-apply',
  'usr/sbin/ip6tables-apply',
  'usr/sbin/nfbpf_compile',
  'usr/lib/e2fsprogs',
  'usr/bin/chattr',
  'usr/bin/lsattr',
];

/**
 * The engine's big binaries (~180 MiB of the ~200 MiB tree) go on a read-only ext4 disk (`engine.img`, serial
 * `berth-engine`) instead of the initramfs: the kernel then unpacks, and the init copies into its tmpfs root, only
 * the small rest, and the guest reads only the pages of these binaries it runs (host page cache, no guest RAM held).
 * The initramfs keeps symlinks to them under ENGINE_MOUNT.
 */
export const ENGINE_DISK_FILES = ['usr/sbin/dockerd', 'usr/sbin/docker-proxy', 'usr/bin/containerd', 'usr/bin/containerd-shim-runc-v2', 'usr/sbin/runc'];
export const ENGINE_MOUNT = 'usr/lib/berth/engine';

/** Kernel modules loaded at boot, in this order, when the kernel has them as modules (built-ins are skipped). */
export const BOOT_MODULES: Record<GuestArch, string[]> = {
  amd64: ['virtio_mmio', 'virtio_pci', 'virtio_blk', 'virtio_net', 'virtio_rng', 'virtio_console', 'evdev', 'button'],
  arm64: ['virtio_mmio', 'virtio_pci', 'virtio_blk', 'virtio_net', 'virtio_rng', 'virtio_console', 'evdev', 'gpio_pl061', 'gpio_keys'],
};

/** What dockerd needs, loaded at boot after the devices (dockerd also runs modprobe for some of them itself). */
export const ENGINE_MODULES = [
  'ext4',
  'crc32c_generic',
  'overlay',
  'bridge',
  'br_netfilter',
  'veth',
  'nf_tables',
  'nft_compat',
  'nft_chain_nat',
  'nf_nat',
  'nf_conntrack',
  'xt_conntrack',
  'xt_MASQUERADE',
  'xt_addrtype',
  'xt_nat',
  'xt_tcpudp',
  'xt_mark',
  'xt_comment',
  'nft_reject_inet',
  'virtiofs',
  'fuse',
  '9p',
  '9pnet_virtio',
];

/** Carried for on-demand loading (modprobe from dockerd, iptables or the kernel's request_module), not loaded at boot. */
export const EXTRA_MODULES = ['macvlan', 'ipvlan', 'vxlan', 'tun', 'dummy', 'ip_vs', 'ip_vs_rr', 'loop', 'nbd', 'tls', 'sch_fq_codel'];
export const EXTRA_MODULE_DIRS = ['kernel/net/netfilter/', 'kernel/net/ipv4/netfilter/', 'kernel/net/ipv6/netfilter/', 'kernel/net/bridge/'];
