import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The known_hosts files OpenSSH reads, user's first. */
export function knownHostsFiles(env: NodeJS.ProcessEnv = process.env): string[] {
  return [path.join(env.HOME || os.homedir(), '.ssh', 'known_hosts'), '/etc/ssh/ssh_known_hosts'];
}

/** How OpenSSH names a host in known_hosts: `host`, or `[host]:port` off port 22. */
function hostPattern(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function matchesHost(field: string, name: string): boolean {
  if (field.startsWith('|1|')) {
    // Hashed entry (HashKnownHosts yes): |1|base64(salt)|base64(HMAC-SHA1(salt, name))
    const [, , salt, hash] = field.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  return field.split(',').some((pattern) => pattern === name);
}

/** The keys (base64 of the wire format) known_hosts lists for this host; wildcards and @-marker lines are not used. */
function listedKeys(host: string, port: number, files: string[]): string[] {
  const name = hostPattern(host, port);
  const keys: string[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      const trimmed = line.trim();
      if (!trimmed || trimmed.startsWith('#') || trimmed.startsWith('@')) continue;
      const [hosts, , blob] = trimmed.split(/\s+/);
      if (hosts && blob && matchesHost(hosts, name)) keys.push(blob);
    }
  }
  return keys;
}

export type HostKeyVerdict = 'known' | 'changed' | 'unknown';

/** Looks the server's key (ssh wire format) up in known_hosts, as OpenSSH does in batch mode. */
export function checkHostKey(host: string, port: number, key: Buffer, files = knownHostsFiles()): HostKeyVerdict {
  const keys = listedKeys(host, port, files);
  if (keys.includes(key.toString('base64'))) return 'known';
  return keys.length ? 'changed' : 'unknown';
}

/**
 * What to tell the user when a host was refused: ssh2 only says "Host denied (verification failed)", so whether the
 * key is unknown or changed is read again from known_hosts.
 */
export function explainHostKeyFailure(host: string, port: number, files = knownHostsFiles()): string {
  const name = hostPattern(host, port);
  if (listedKeys(host, port, files).length) {
    return `The SSH host key of ${name} does not match the one in known_hosts: the host was reinstalled, or someone is in between. Check it, then update known_hosts (ssh-keygen -R '${name}').`;
  }
  const sshCommand = `ssh${port === 22 ? '' : ` -p ${port}`} ${host}`;
  return `${name} is not in your known_hosts, so Berth cannot be sure it is the right machine. Run \`${sshCommand}\` once in a terminal and accept its key.`;
}
