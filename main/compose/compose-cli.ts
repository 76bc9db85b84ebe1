import { execFile } from 'node:child_process';
import { which } from '../engine/process-tools';
import { osReleaseIds } from '../engine/install-hint';

/** The Compose CLI Berth found: the `docker compose` v2 plugin, or a standalone `docker-compose` (v1 or v2). */
export interface ComposeCli {
  kind: 'plugin' | 'standalone';
  /** The executable's path. */
  command: string;
  /** Arguments before Compose's own (`['compose']` for the plugin). */
  prefix: string[];
  /** As Compose reports it, e.g. `2.29.1` or `1.29.2`. */
  version: string;
  /** Compose v1 (Python) differs in flags and output. */
  major: number;
}

function runQuiet(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { env, timeout: 15_000 }, (error, stdout, stderr) => resolve({ ok: !error, out: `${stdout}\n${stderr}` }));
  });
}

/** The first `N.N.N` in a `version` output ("Docker Compose version v2.29.1", "docker-compose version 1.29.2, build …"). */
export function parseComposeVersion(output: string): string | undefined {
  return /\bv?(\d+\.\d+\.\d+[\w.+-]*)/.exec(output)?.[1]?.replace(/,$/, '');
}

/**
 * Finds the Compose CLI the user has: `docker compose` (the v2 plugin) first, then `docker-compose` on the PATH.
 * A `docker` CLI without the plugin answers "unknown command" and is skipped.
 */
export async function findComposeCli(env: NodeJS.ProcessEnv = process.env): Promise<ComposeCli | undefined> {
  const docker = which('docker', env);
  if (docker) {
    const { ok, out } = await runQuiet(docker, ['compose', 'version'], env);
    const version = ok ? parseComposeVersion(out) : undefined;
    if (version) return { kind: 'plugin', command: docker, prefix: ['compose'], version, major: Number(version.split('.')[0]) };
  }
  const standalone = which('docker-compose', env);
  if (standalone) {
    const { ok, out } = await runQuiet(standalone, ['version'], env);
    const version = ok ? parseComposeVersion(out) : undefined;
    if (version) return { kind: 'standalone', command: standalone, prefix: [], version, major: Number(version.split('.')[0]) };
  }
  return undefined;
}

/** One sentence saying exactly what to install so Berth can run Compose on this platform. */
export function composeInstallHint(platform: NodeJS.Platform = process.platform, osIds = platform === 'linux' ? osReleaseIds() : ''): string {
  if (platform === 'darwin') return 'No Compose CLI found. Install it with `brew install docker-compose` (or Docker Desktop), then reopen this page.';
  if (platform === 'win32') return 'No Compose CLI found. Install Docker Desktop, or `winget install Docker.DockerCompose`, then reopen this page.';
  const commands: [RegExp, string][] = [
    [/\b(debian|ubuntu|linuxmint|pop|raspbian)\b/, 'sudo apt-get install docker-compose-plugin (Docker\'s apt repository) or sudo apt-get install docker-compose (Debian/Ubuntu archive)'],
    [/\bfedora\b/, 'sudo dnf install docker-compose'],
    [/\b(rhel|centos|rocky|almalinux)\b/, 'sudo dnf install docker-compose-plugin (from download.docker.com/linux/rhel)'],
    [/\b(arch|manjaro|endeavouros)\b/, 'sudo pacman -S docker-compose'],
    [/\b(opensuse|suse|sles)\b/, 'sudo zypper install docker-compose'],
    [/\balpine\b/, 'sudo apk add docker-cli-compose'],
  ];
  const command = commands.find(([pattern]) => pattern.test(osIds))?.[1];
  return command
    ? `No Compose CLI found (neither \`docker compose\` nor \`docker-compose\`). Install it with: ${command}`
    : 'No Compose CLI found (neither `docker compose` nor `docker-compose`). Install your distribution\'s "docker-compose" or "docker-compose-plugin" package.';
}
