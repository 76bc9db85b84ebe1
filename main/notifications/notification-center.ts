import { EventEmitter } from 'node:events';
import type { EngineEvent, EngineStatus } from '../../common/contract/engine';
import { DisposableStore, type IDisposable } from '../../common/lifecycle';
import type { BerthNotification, NotificationCandidate, NotificationKind } from '../../common/notifications/notification';
import { Coalescer } from './coalescer';
import { ContainerEventRules } from './container-rules';
import { EngineStatusRule } from './engine-rules';
import { imageOperationNotice, type ImageOperationOutcome } from './operation-rules';

/** What the center listens to: the active engine's events and status (an `EngineConnection`). */
export interface NotificationSources {
  onEvent(listener: (event: EngineEvent) => void): () => void;
  onStatus(listener: (status: EngineStatus) => void): () => void;
}

export interface NotificationCenterOptions {
  /** Whether the user wants this kind (the settings' notifications per kind); asked at each occurrence. */
  isEnabled?: (kind: NotificationKind) => boolean;
  now?: () => number;
  coalesceWindowMs?: number;
}

/** How long after a stop or restart the user asked for the engine going away is expected, not news. */
const EXPECTED_STOP_MS = 60_000;

/**
 * Main-side: turns engine events, engine status and Berth's own image operations into coalesced notifications,
 * filtered by the settings, and hands them to every outlet (native notifications in Electron, the renderer's
 * `notifications.watch` stream). An outlet asks to open one (a native notification was clicked) through `open`.
 */
export class NotificationCenter implements IDisposable {
  private readonly emitter = new EventEmitter();
  private readonly disposables = new DisposableStore();
  private readonly containers = new ContainerEventRules();
  private readonly engineRule = new EngineStatusRule();
  private readonly coalescer: Coalescer;
  private readonly isEnabled: (kind: NotificationKind) => boolean;
  private readonly now: () => number;
  private expectedStopUntil = 0;

  constructor(sources: NotificationSources, options: NotificationCenterOptions = {}) {
    this.isEnabled = options.isEnabled ?? (() => true);
    this.now = options.now ?? Date.now;
    this.coalescer = new Coalescer(options.coalesceWindowMs);
    this.disposables.addCleanup(sources.onEvent((event) => this.offer(this.containers.onEvent(event))));
    this.disposables.addCleanup(sources.onStatus((status) => this.offer(this.engineRule.onStatus(status, this.now() < this.expectedStopUntil))));
  }

  /** The user asked the engine to stop or restart (or Berth is quitting): its going away is not reported. */
  expectEngineStop(): void {
    this.expectedStopUntil = this.now() + EXPECTED_STOP_MS;
  }

  /** A pull, push or build Berth ran has ended. */
  reportImageOperation(outcome: ImageOperationOutcome): void {
    this.offer(imageOperationNotice(outcome));
  }

  onNotification(listener: (notification: BerthNotification) => void): () => void {
    this.emitter.on('notification', listener);
    return () => this.emitter.off('notification', listener);
  }

  /** Asks the page to open a route (a native notification was clicked). */
  open(route: string): void {
    this.emitter.emit('open', route);
  }

  onOpen(listener: (route: string) => void): () => void {
    this.emitter.on('open', listener);
    return () => this.emitter.off('open', listener);
  }

  dispose(): void {
    this.disposables.dispose();
    this.emitter.removeAllListeners();
  }

  private offer(candidate: NotificationCandidate | undefined): void {
    if (!candidate || this.disposables.isDisposed || !this.isEnabled(candidate.kind)) return;
    const notification = this.coalescer.add(candidate, this.now());
    this.emitter.emit('notification', notification);
  }
}
