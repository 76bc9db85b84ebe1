import { describe, expect, it } from 'vitest';
import { dockerdInstallHint } from './install-hint';

describe('what to install when dockerd is missing', () => {
  it('names the package command for the Linux distribution', () => {
    expect(dockerdInstallHint('linux', 'debian ')).toContain('sudo apt-get install docker.io');
    expect(dockerdInstallHint('linux', 'pop ubuntu debian')).toContain('sudo apt-get install docker.io');
    expect(dockerdInstallHint('linux', 'fedora ')).toContain('sudo dnf install moby-engine');
    expect(dockerdInstallHint('linux', 'arch ')).toContain('sudo pacman -S docker');
    expect(dockerdInstallHint('linux', 'opensuse-tumbleweed opensuse suse')).toContain('sudo zypper install docker');
    expect(dockerdInstallHint('linux', 'gentoo ')).toMatch(/Docker Engine package/);
  });

  it('points macOS and Windows users at an engine that runs there', () => {
    expect(dockerdInstallHint('darwin')).toMatch(/colima|podman/i);
    expect(dockerdInstallHint('win32')).toMatch(/Docker Desktop|WSL/);
  });
});
