import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { freePort } from '../../testing/test-engine';
import { EngineConnection } from './connection';
import { probeEngine } from './discovery';
import { sleep, terminatePid } from './process-tools';

const run = promisify(execFile);
const SSHD = '/usr/sbin/sshd';

/**
 * A real sshd on 127.0.0.1 (non-default port, throwaway host and user keys) whose forced environment points the
 * remote `docker system dial-stdio` at the suite's engine — the way an ssh:// endpoint reaches a remote engine.
 * The key is offered by a private ssh-agent, as Berth never stores SSH secrets.
 */
describe.skipIf(!existsSync(SSHD))('ssh:// endpoint against a real sshd', () => {
  const { dockerHost } = inject('testEngine');
  let dir: string;
  let port: number;
  let sshd: ChildProcess;
  let agent: ChildProcess;
  const previousAgent = process.env.SSH_AUTH_SOCK;
  const previousHome = process.env.HOME;

  beforeAll(async () => {
    dir = await mkdtemp('/tmp/bs-');
    port = await freePort();
    await mkdir('/run/sshd', { recursive: true }); // sshd's privilege-separation directory
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'host_key')]);
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'user_key')]);
    const publicKey = (await readFile(path.join(dir, 'user_key.pub'), 'utf8')).trim();
    await writeFile(path.join(dir, 'authorized_keys'), `environment="DOCKER_HOST=${dockerHost}" ${publicKey}\n`, { mode: 0o600 });
    await writeFile(
      path.join(dir, 'sshd_config'),
      [
        `ListenAddress 127.0.0.1:${port}`,
        `HostKey ${path.join(dir, 'host_key')}`,
        `AuthorizedKeysFile ${path.join(dir, 'authorized_keys')}`,
        `PidFile ${path.join(dir, 'sshd.pid')}`,
        'PermitRootLogin prohibit-password',
        'PasswordAuthentication no',
        'PermitUserEnvironment yes',
        'StrictModes no',
        'UsePAM no',
      ].join('\n') + '\n',
    );
    sshd = spawn(SSHD, ['-D', '-e', '-f', path.join(dir, 'sshd_config')], { stdio: 'ignore' });
    const agentSocket = path.join(dir, 'agent.sock');
    agent = spawn('ssh-agent', ['-D', '-a', agentSocket], { stdio: 'ignore' });
    while (!existsSync(agentSocket)) await sleep(20);
    await run('ssh-add', ['-q', path.join(dir, 'user_key')], { env: { ...process.env, SSH_AUTH_SOCK: agentSocket } });
    process.env.SSH_AUTH_SOCK = agentSocket;
    // Berth trusts only hosts in known_hosts, like `ssh` in batch mode: give the test a HOME that knows this sshd.
    await mkdir(path.join(dir, 'home', '.ssh'), { recursive: true });
    process.env.HOME = path.join(dir, 'home');
    const hostKey = (await readFile(path.join(dir, 'host_key.pub'), 'utf8')).split(' ').slice(0, 2).join(' ');
    await writeFile(knownHosts(), `[127.0.0.1]:${port} ${hostKey}\n`);
  });

  const knownHosts = () => path.join(dir, 'home', '.ssh', 'known_hosts');

  afterAll(async () => {
    process.env.SSH_AUTH_SOCK = previousAgent;
    process.env.HOME = previousHome;
    if (sshd?.pid) await terminatePid(sshd.pid, 3000);
    if (agent?.pid) await terminatePid(agent.pid, 3000);
    await rm(dir, { recursive: true, force: true });
  });

  it('is probed, connected to and used like any other engine', async () => {
    const url = `ssh://root@127.0.0.1:${port}`;
    const probe = await probeEngine({ url }, 10_000);
    expect(probe).toMatchObject({ reachable: true, kind: 'docker' });

    const engine = new EngineConnection({ url, name: 'Over SSH', source: 'configured' });
    try {
      engine.start();
      await engine.waitUntilConnected(20_000);
      const info = await engine.docker.info();
      const local = JSON.parse((await run('docker', ['-H', dockerHost, 'info', '--format', '{{json .ID}}'])).stdout) as string;
      expect(info.ID).toBe(local);
    } finally {
      engine.stop();
    }
  });

  it('refuses a host that is not in known_hosts, or whose key changed, and says what to do', async () => {
    const listed = await readFile(knownHosts(), 'utf8');
    try {
      await writeFile(knownHosts(), '');
      const unknown = await probeEngine({ url: `ssh://root@127.0.0.1:${port}` }, 10_000);
      expect(unknown).toMatchObject({ reachable: false });
      expect(unknown.error).toContain(`Run \`ssh -p ${port} 127.0.0.1\` once`);

      const [pattern, type] = listed.split(' ');
      const otherKey = Buffer.from('not the real key').toString('base64');
      await writeFile(knownHosts(), `${pattern} ${type} ${otherKey}\n`);
      const changed = await probeEngine({ url: `ssh://root@127.0.0.1:${port}` }, 10_000);
      expect(changed.error).toMatch(/does not match the one in known_hosts/);

      // OpenSSH's hashed form (HashKnownHosts yes) is understood too.
      await writeFile(knownHosts(), listed);
      await run('ssh-keygen', ['-H', '-f', knownHosts()]);
      expect(await readFile(knownHosts(), 'utf8')).toMatch(/^\|1\|/);
      expect(await probeEngine({ url: `ssh://root@127.0.0.1:${port}` }, 10_000)).toMatchObject({ reachable: true });
    } finally {
      await writeFile(knownHosts(), listed);
    }
  });

  it('says why when the key is refused', async () => {
    const probe = await probeEngine({ url: `ssh://nobody@127.0.0.1:${port}` }, 10_000);
    expect(probe.reachable).toBe(false);
    expect(probe.error).toMatch(/authentication/i);
  });
});
