import { osReleaseIds } from '../../install-hint';
import type { QemuArch } from './qemu-args';

/** One sentence naming what to install so Berth can run its VM: QEMU for the guest's architecture and qemu-img. */
export function qemuInstallHint(missing: string, arch: QemuArch, platform: NodeJS.Platform = process.platform, osIds = platform === 'linux' ? osReleaseIds() : ''): string {
  const lead = `Berth's VM needs ${missing}, which is not installed.`;
  if (platform === 'darwin') return `${lead} Install QEMU with: brew install qemu`;
  if (platform === 'win32') return `${lead} Install QEMU (winget install SoftwareFreedomConservancy.QEMU) and add it to PATH.`;
  const debianSystem = arch === 'aarch64' ? 'qemu-system-arm' : 'qemu-system-x86';
  const commands: [RegExp, string][] = [
    [/\b(debian|ubuntu|linuxmint|pop|raspbian)\b/, `sudo apt-get install ${debianSystem} qemu-utils`],
    [/\bfedora\b|\b(rhel|centos|rocky|almalinux)\b/, `sudo dnf install ${arch === 'aarch64' ? 'qemu-system-aarch64-core' : 'qemu-system-x86-core'} qemu-img virtiofsd`],
    [/\b(arch|manjaro|endeavouros)\b/, 'sudo pacman -S qemu-base virtiofsd'],
    [/\b(opensuse|suse|sles)\b/, `sudo zypper install ${arch === 'aarch64' ? 'qemu-arm' : 'qemu-x86'} qemu-tools`],
    [/\balpine\b/, `sudo apk add qemu-system-${arch} qemu-img`],
  ];
  const command = commands.find(([pattern]) => pattern.test(osIds))?.[1];
  return command ? `${lead} Install it with: ${command}` : `${lead} Install your distribution's QEMU packages (qemu-system-${arch} and qemu-img).`;
}
