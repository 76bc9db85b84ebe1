import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { VmAccel } from '../../../../common/contract/vm';
import { isProcessAlive, sleep } from '../../process-tools';
import type { VmAvailability, VmDriver, VmInstance, VmMachine } from '../vm-driver';

export type FakeGuestMode = 'ready' | 'fail' | 'hang' | 'crash' | 'slow-stop';

const SCRIPT = fileURLToPath(new URL('./fake-guest.mjs', import.meta.url));

/**
 * A driver whose "VM" is a real process (fake-guest.mjs): it writes the console markers and answers /_ping, dies
 * when killed, and stops on SIGTERM as a guest does on the power button. `modes` is consumed one per start.
 */
export class FakeVmDriver implements VmDriver {
  readonly name = 'fake';
  readonly canServeVirtiofs = false;
  readonly started: number[] = [];
  readonly creates: VmMachine[] = [];
  readonly deleted: VmMachine[] = [];
  live = new Set<number>();

  constructor(
    public modes: FakeGuestMode[] = ['ready'],
    private readonly delayMs = 30,
  ) {}

  availability(): VmAvailability {
    return { ok: true };
  }

  accelChoice(): { accel: VmAccel; note?: string } {
    return { accel: 'tcg', note: 'Slow mode: no hardware virtualization (fake).' };
  }

  async create(machine: VmMachine): Promise<void> {
    this.creates.push(machine);
  }

  async start(machine: VmMachine, signal: AbortSignal): Promise<VmInstance> {
    if (signal.aborted) throw new Error('aborted');
    const mode = this.modes.length > 1 ? this.modes.shift()! : this.modes[0]!;
    const child = spawn(process.execPath, [SCRIPT, machine.consoleLog, String(machine.enginePort), mode, String(this.delayMs)], { stdio: 'ignore' });
    const pid = child.pid!;
    this.started.push(pid);
    this.live.add(pid);
    const exited = new Promise<string>((resolve) => {
      child.once('exit', (code, sig) => {
        this.live.delete(pid);
        resolve(sig ? `was killed by ${sig}` : `exited with code ${code}`);
      });
    });
    const kill = async () => {
      if (isProcessAlive(pid)) child.kill('SIGKILL');
      await exited;
    };
    return {
      pid,
      accel: 'tcg',
      accelNote: 'Slow mode: no hardware virtualization (fake).',
      commandLine: `node fake-guest.mjs ${mode}`,
      exited,
      human: async () => '',
      stop: async (timeoutMs) => {
        child.kill('SIGTERM');
        const clean = await Promise.race([exited.then(() => true), sleep(timeoutMs).then(() => false)]);
        if (clean) return 'clean';
        await kill();
        return 'killed';
      },
      kill,
      detach: () => child.unref(),
      resources: async () => ({ rssBytes: 1, processes: [{ name: 'fake', pid, rssBytes: 1 }], diskAllocatedBytes: 0, sampledAt: Date.now() }),
    };
  }

  async adopt(): Promise<VmInstance | undefined> {
    return undefined;
  }

  async state(): Promise<'running' | 'stopped'> {
    return this.live.size ? 'running' : 'stopped';
  }

  async delete(machine: VmMachine): Promise<void> {
    this.deleted.push(machine);
  }

  logFile(machine: VmMachine): string {
    return machine.consoleLog;
  }
}
