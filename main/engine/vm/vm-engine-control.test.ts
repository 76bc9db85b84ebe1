import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineConnection } from '../connection';
import type { EngineTarget } from '../endpoint';
import { EngineControl } from '../engine-control';
import { ManagedEngine } from '../managed-engine';
import { isProcessAlive } from '../process-tools';
import { SettingsStore } from '../../settings/settings-store';
import { FakeVmDriver } from './testing/fake-vm-driver';
import type { VmImage } from './vm-image';
import { VmSupervisor } from './vm-supervisor';

const image: VmImage = {
  dir: '/nonexistent/image',
  arch: 'amd64',
  kernel: '/nonexistent/vmlinuz',
  initrd: '/nonexistent/initramfs.img',
  manifest: { schema: 1, guestContract: 1, arch: 'amd64', kernel: { package: 'k', version: '6.1', release: '6.1.0' }, engine: { docker: '26.1' }, files: { vmlinuz: { sha256: '', size: 0 }, 'initramfs.img': { sha256: '', size: 0 } }, share: [] },
};

function ping(target: EngineTarget): Promise<boolean> {
  return new Promise((resolve) => {
    const url = new URL(target.url.replace(/^tcp:/, 'http:'));
    const request = http.get({ host: url.hostname, port: Number(url.port), path: '/_ping', timeout: 500 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    request.on('error', () => resolve(false));
  });
}

describe('EngineControl and the VM', () => {
  let dir: string;
  let control: EngineControl;
  let driver: FakeVmDriver;

  function setUp(options: { commandLineEndpoint?: string; imageMissing?: boolean } = {}): EngineControl {
    const settings = new SettingsStore(dir);
    driver = new FakeVmDriver(['ready']);
    const vm = new VmSupervisor({
      dataDir: dir,
      driver,
      settings: { get: () => settings.vmSettings, set: (next) => settings.setVm(next) },
      image: () => (options.imageMissing ? { missing: 'Berth\'s VM needs its guest image (amd64), and none was found.' } : image),
      homeDir: dir,
      pingEngine: ping,
      forwardPorts: false,
    });
    const nowhere = path.join(dir, 'none');
    control = new EngineControl({
      engine: new EngineConnection(),
      settings,
      // No dockerd here: on Linux the VM is then what "auto" starts when nothing answers.
      managed: new ManagedEngine({ dataDir: dir, dockerdPath: null, ipPath: null }),
      env: { HOME: nowhere },
      commandLineEndpoint: options.commandLineEndpoint,
      systemSockets: { docker: path.join(nowhere, 'docker.sock'), podman: path.join(nowhere, 'podman.sock') },
      vm,
      platform: 'linux',
    });
    return control;
  }

  beforeEach(async () => {
    dir = await mkdtemp('/tmp/bev-');
  });

  afterEach(async () => {
    await control.shutdown();
    for (const pid of driver.started) expect(isProcessAlive(pid)).toBe(false);
    await rm(dir, { recursive: true, force: true });
  });

  it('auto: when no engine answers and dockerd is not installed, starts the VM and makes it the engine (TLS target)', async () => {
    await setUp().start();
    const vm = control.vm!;
    expect(vm.status.state).toBe('running');
    expect(control.engine.target).toMatchObject({ url: vm.status.endpoint, source: 'vm', name: "Berth's VM", tls: { certPath: path.join(vm.certDir, 'cert.pem') } });
    expect(control.settings.current.active).toEqual({ mode: 'auto' });
  });

  it('--engine vm uses the VM for this run without saving it; a stopped VM explains itself', async () => {
    await setUp({ commandLineEndpoint: 'vm' }).start();
    expect(control.engine.target?.source).toBe('vm');
    expect(control.settings.current.active).toEqual({ mode: 'auto' });
    await control.vm!.stop();
    expect(control.engine.target?.explainUnreachable?.()).toMatch(/^Berth's VM is stopped; start it on the Engine page\.$/);
  });

  it('activating the VM saves the choice; with keep-running, quitting leaves the VM running', async () => {
    setUp();
    await control.activate({ mode: 'vm' });
    expect(control.settings.current.active).toEqual({ mode: 'vm' });
    const pid = control.vm!.status.pid!;
    await control.vm!.updateSettings({ keepRunning: true });
    await control.shutdown();
    expect(isProcessAlive(pid)).toBe(true);
    process.kill(pid, 'SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 200));
  });

  it('choosing the VM without a guest image says what is missing', async () => {
    setUp({ imageMissing: true });
    await control.activate({ mode: 'vm' });
    expect(control.engine.status).toMatchObject({ state: 'unreachable', error: expect.stringMatching(/needs its guest image/) });
    expect(driver.started).toEqual([]);
  });
});
