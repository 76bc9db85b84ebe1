import { readFile } from 'node:fs/promises';
import type Docker from 'dockerode';

/**
 * The process id inside the container of a host process, only when this machine's /proc shows that the process
 * belongs to that container (its cgroup names the container id). Engines in a VM, or anything else, give undefined.
 */
export async function namespacePid(hostPid: number, containerId: string, procRoot = '/proc'): Promise<number | undefined> {
  try {
    const [status, cgroup] = await Promise.all([readFile(`${procRoot}/${hostPid}/status`, 'utf8'), readFile(`${procRoot}/${hostPid}/cgroup`, 'utf8')]);
    if (!cgroup.includes(containerId)) return undefined;
    const ids = /^NSpid:\s*(.+)$/m.exec(status)?.[1]?.trim().split(/\s+/).map(Number);
    if (!ids || ids.length < 2) return undefined;
    const inner = ids.at(-1)!;
    return Number.isInteger(inner) && inner > 0 ? inner : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The engine leaves an exec'd process running when its client goes away (moby#9098). Send it SIGHUP, as a
 * terminal would on hang-up, from inside the container. Best effort: nothing happens where the engine's
 * processes are not visible from here.
 */
export async function hangUpExec(container: Docker.Container, containerId: string, exec: Docker.Exec, user: string): Promise<void> {
  const info = await exec.inspect().catch(() => undefined);
  if (!info?.Running || !info.Pid) return;
  const pid = await namespacePid(info.Pid, containerId);
  if (!pid) return;
  const killer = await container.exec({ Cmd: ['kill', '-HUP', String(pid)], ...(user ? { User: user } : {}), AttachStdout: false, AttachStderr: false });
  await killer.start({ Detach: true });
}
