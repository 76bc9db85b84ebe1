import { contract } from '../common/contract';
import { DisposableStore } from '../common/lifecycle';
import { createHandlers, createNotificationCenter, type HostSignals } from './api/handlers/index';
import { createRouter, type Router } from './api/router';
import { EngineConnection } from './engine/connection';
import { EngineControl } from './engine/engine-control';
import { ManagedEngine, type ManagedEngineOptions } from './engine/managed-engine';
import type { NotificationCenter } from './notifications/notification-center';
import { browserModeDataDir, SettingsStore } from './settings/settings-store';
import { QemuDriver } from './engine/vm/qemu/qemu-driver';
import { VmSupervisor } from './engine/vm/vm-supervisor';
import { ActivityLog } from './proxy/activity-log';
import { recordOwnCalls } from './proxy/own-calls';
import { ProxyService } from './proxy/proxy-service';

export interface Backend {
  engine: EngineConnection;
  control: EngineControl;
  router: Router;
  /** Berth's engine socket and the `berth` docker context. */
  proxy: ProxyService;
  /** The settings file; the desktop shell follows its preferences (tray, login item, updates). */
  settings: SettingsStore;
  /** What Berth tells the user about (crashes, finished pulls, the engine stopping); the desktop shows them natively. */
  notifications: NotificationCenter;
  /** Resolves once the first engine choice has been applied (the engine may still be starting). */
  ready: Promise<unknown>;
  /** Closes the engine connection and stops the managed engine unless the user keeps it running. */
  stop(): Promise<void>;
}

export interface BackendOptions {
  /** Berth's data directory: settings and the managed engine's files (default: browser mode's, see `browserModeDataDir`). */
  dataDir?: string;
  /** An engine address for this run (browser mode's `--engine`), instead of the saved choice. */
  endpoint?: string;
  env?: NodeJS.ProcessEnv;
  managed?: Partial<ManagedEngineOptions>;
  log?: (message: string, error?: unknown) => void;
  /** Whether the computer is saving power (Electron's powerMonitor): scheduled image update checks wait. */
  savingPower?: () => boolean;
  /** What the desktop shell adds: native pickers, menu and tray commands. */
  host?: HostSignals;
}

/** Everything the main process runs, independent of which transport carries it (Electron IPC or the WebSocket). */
export function createBackend({ endpoint, env, managed: managedOptions, log, savingPower, host, ...options }: BackendOptions): Backend {
  const dataDir = options.dataDir ?? browserModeDataDir(env);
  const engine = new EngineConnection();
  const settings = new SettingsStore(dataDir, log);
  const managed: ManagedEngine = new ManagedEngine({ dataDir, log, isolateNetwork: () => control.anotherEngineMayRun, ...managedOptions });
  const activity = new ActivityLog();
  // Berth's own engine calls show on the activity page beside those through the socket.
  const stopRecordingOwnCalls = recordOwnCalls(activity);
  const proxy = new ProxyService({ dataDir, settings, engine, activity, env, log });
  const vm = new VmSupervisor({ dataDir, driver: new QemuDriver({ log }), settings: { get: () => settings.vmSettings, set: (next) => settings.setVm(next) }, log });
  const control: EngineControl = new EngineControl({ engine, settings, managed, env, commandLineEndpoint: endpoint, ownSocket: proxy.url, vm, log });
  // Everything the handlers own is released on stop(), before the engine connection closes.
  const disposables = new DisposableStore((err) => log?.('cleanup failed', err));
  disposables.addCleanup(stopRecordingOwnCalls);
  const notifications = disposables.add(createNotificationCenter(engine, control));
  const router = createRouter(contract, createHandlers(engine, control, proxy, disposables, { savingPower, ...host }, notifications), {
    log,
    // Health follows calls too: a call that could not reach the engine makes the connection check with a ping.
    onCallError: (error) => {
      if (error.code === 'engine-unreachable') void engine.verifyAfterFailedCall();
    },
  });
  const ready = control.start().catch((err: unknown) => log?.('could not connect to an engine', err));
  // Not part of `ready`: the socket's failure is its own status, and Berth runs on without it.
  void proxy.start();
  let stopping: Promise<void> | undefined;
  return {
    engine,
    control,
    router,
    proxy,
    settings,
    notifications,
    ready,
    stop: () => {
      disposables.dispose();
      return (stopping ??= Promise.all([proxy.stop(), control.shutdown()]).then(() => undefined));
    },
  };
}
