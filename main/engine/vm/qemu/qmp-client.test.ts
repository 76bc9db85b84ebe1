import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../../../testing/test-engine';
import { QmpClient, QmpError } from './qmp-client';

const started: { child: ChildProcess; dir: string }[] = [];

/** A real QEMU with no guest at all (`-M none`, paused), a user-mode network and a QMP socket. */
async function startQemu(): Promise<{ socketPath: string; child: ChildProcess }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bq-'));
  const socketPath = path.join(dir, 'qmp.sock');
  const child = spawn('qemu-system-x86_64', ['-M', 'none', '-S', '-nodefaults', '-display', 'none', '-qmp', `unix:${socketPath},server=on,wait=off`, '-netdev', 'user,id=net0'], { stdio: 'ignore' });
  started.push({ child, dir });
  for (let attempt = 0; attempt < 100; attempt++) {
    const ok = await new Promise<boolean>((resolve) => {
      const probe = net.connect(socketPath, () => {
        probe.destroy();
        resolve(true);
      });
      probe.on('error', () => resolve(false));
    });
    if (ok) return { socketPath, child };
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('QEMU did not open its QMP socket');
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

afterEach(async () => {
  for (const { child, dir } of started.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await rm(dir, { recursive: true, force: true });
  }
});

describe('QmpClient against a real QEMU', () => {
  it('negotiates, runs commands by id, reports QMP errors, and adds/removes loopback forwards', async () => {
    const { socketPath } = await startQemu();
    const qmp = await QmpClient.connect(socketPath);
    expect(qmp.greeting?.QMP.version.qemu.major).toBeGreaterThanOrEqual(7);
    // Two commands in flight at once are matched to their own answers.
    const [status, version] = await Promise.all([qmp.execute<{ status: string }>('query-status'), qmp.execute<{ qemu: { major: number } }>('query-version')]);
    expect(status.status).toBe('prelaunch');
    expect(version.qemu.major).toBe(qmp.greeting?.QMP.version.qemu.major);
    await expect(qmp.execute('no-such-command')).rejects.toBeInstanceOf(QmpError);

    const port = await freePort();
    expect(await canConnect(port)).toBe(false);
    expect(await qmp.human(`hostfwd_add net0 tcp:127.0.0.1:${port}-:${port}`)).toBe('');
    expect(await qmp.human('info usernet')).toMatch(new RegExp(`TCP\\[HOST_FORWARD\\]\\s+\\d+\\s+127\\.0\\.0\\.1\\s+${port}\\b`));
    expect(await canConnect(port)).toBe(true);
    // The same port twice: QEMU answers with text, which is how HMP reports failures.
    expect(await qmp.human(`hostfwd_add net0 tcp:127.0.0.1:${port}-:${port}`)).toMatch(/Could not set up host forwarding rule/);
    expect(await qmp.human(`hostfwd_remove net0 tcp:127.0.0.1:${port}`)).toMatch(/removed|^$/);
    expect(await canConnect(port)).toBe(false);
    expect(await qmp.human('info usernet')).not.toMatch(new RegExp(`TCP\\[HOST_FORWARD\\]\\s+\\d+\\s+127\\.0\\.0\\.1\\s+${port}\\b`));

    const udpPort = await freePort();
    expect(await qmp.human(`hostfwd_add net0 udp:127.0.0.1:${udpPort}-:${udpPort}`)).toBe('');
    expect(await qmp.human('info usernet')).toMatch(new RegExp(`UDP\\[HOST_FORWARD\\]\\s+\\d+\\s+127\\.0\\.0\\.1\\s+${udpPort}\\b`));

    // A port another program holds cannot be forwarded.
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const taken = (holder.address() as net.AddressInfo).port;
    expect(await qmp.human(`hostfwd_add net0 tcp:127.0.0.1:${taken}-:${taken}`)).toMatch(/Could not set up/);
    holder.close();
    await qmp.close();
  });

  it('learns that QEMU died from the socket closing, and fails commands that were waiting', async () => {
    const { socketPath, child } = await startQemu();
    const qmp = await QmpClient.connect(socketPath);
    const events: string[] = [];
    qmp.onEvent((event) => events.push(event.event));
    await qmp.execute('quit').catch(() => undefined); // QEMU may close before answering
    await qmp.closed;
    expect(qmp.isOpen).toBe(false);
    await expect(qmp.execute('query-status')).rejects.toThrow(/closed/);
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
    expect(events).toContain('SHUTDOWN');
  });

  it('rejects when nothing listens on the socket', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'bq-'));
    try {
      await expect(QmpClient.connect(path.join(dir, 'absent.sock'), 500)).rejects.toThrow(/ENOENT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
