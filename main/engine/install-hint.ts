import { readFileSync } from 'node:fs';

/** Debian-like `ID`/`ID_LIKE` values mapped to the command that installs dockerd there. */
const LINUX_INSTALL_COMMANDS: [RegExp, string][] = [
  [/\b(debian|ubuntu|linuxmint|pop|raspbian)\b/, 'sudo apt-get install docker.io'],
  [/\bfedora\b/, 'sudo dnf install moby-engine'],
  [/\b(rhel|centos|rocky|almalinux)\b/, 'sudo dnf install docker-ce (from download.docker.com/linux/rhel)'],
  [/\b(arch|manjaro|endeavouros)\b/, 'sudo pacman -S docker'],
  [/\b(opensuse|suse|sles)\b/, 'sudo zypper install docker'],
  [/\balpine\b/, 'sudo apk add docker'],
  [/\b(nixos)\b/, 'virtualisation.docker.enable = true; in configuration.nix'],
];

/** The `ID` and `ID_LIKE` of /etc/os-release, lower case, for choosing a distribution's install command. */
export function osReleaseIds(): string {
  try {
    const text = readFileSync('/etc/os-release', 'utf8');
    const field = (name: string) => new RegExp(`^${name}="?([^"\\n]*)"?`, 'm').exec(text)?.[1] ?? '';
    return `${field('ID')} ${field('ID_LIKE')}`.toLowerCase();
  } catch {
    return '';
  }
}

/** One sentence telling the user exactly what to install so Berth can run its own engine (or use one). */
export function dockerdInstallHint(platform: NodeJS.Platform = process.platform, osIds = platform === 'linux' ? osReleaseIds() : ''): string {
  if (platform === 'darwin') {
    return 'dockerd runs only on Linux. On macOS install an engine that runs a Linux VM, e.g. `brew install colima docker && colima start`, or Podman (`brew install podman && podman machine init && podman machine start`), and Berth will find it.';
  }
  if (platform === 'win32') {
    return 'dockerd is not installed. Install Docker Desktop, or inside WSL 2 run `sudo apt-get install docker.io`, and Berth will find it.';
  }
  const command = LINUX_INSTALL_COMMANDS.find(([pattern]) => pattern.test(osIds))?.[1];
  return command
    ? `dockerd is not installed, so Berth cannot start its own engine. Install it with: ${command}`
    : 'dockerd is not installed, so Berth cannot start its own engine. Install your distribution\'s Docker Engine package (often "docker.io", "docker" or "moby-engine").';
}
