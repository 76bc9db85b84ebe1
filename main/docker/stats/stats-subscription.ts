import type { EngineEvent, EngineStatus } from '../../../common/contract/engine';
import type { ContainerStatsSample, StatsEvent } from '../../../common/contract/stats';
import { ApiError } from '../../../common/errors';
import { toApiError } from '../../api/errors';
import type { StatsHub } from './stats-hub';

/**
 * Samples of one round of requests arrive over a collection pass or two (longer on a busy engine): they go out as
 * one message, gathered for a quarter of the period (at most 1 s), so a slow period's round is one message, not two.
 */
export function batchWindowMs(intervalMs: number): number {
  return Math.min(1000, intervalMs / 4);
}

export interface StatsSubscriptionInput {
  ids?: string[];
  all?: true;
  intervalMs: number;
  historySeconds: number;
  trend?: true;
}

export interface StatsSubscriptionDeps {
  hub: StatsHub;
  resolveId(idOrName: string): Promise<string>;
  runningIds(): Promise<string[]>;
  onEngineEvent(listener: (event: EngineEvent) => void): () => void;
  onEngineStatus(listener: (status: EngineStatus) => void): () => void;
  /** The active engine was replaced: containers and history belong to the old one. */
  onEngineSwitch(listener: () => void): () => void;
  now?: () => number;
}

/** Collects samples and stops per key and sends them as one event per collection pass. */
class StatsBatcher {
  private samples: Record<string, ContainerStatsSample[]> = {};
  private stopped = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly emit: (event: StatsEvent) => void,
    private readonly windowMs: number,
  ) {}

  sample(key: string, sample: ContainerStatsSample): void {
    (this.samples[key] ??= []).push(sample);
    this.stopped.delete(key);
    this.schedule();
  }

  stop(key: string): void {
    this.stopped.add(key);
    delete this.samples[key];
    this.schedule();
  }

  dispose(): void {
    clearTimeout(this.timer);
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      const event: StatsEvent = { samples: this.samples, stopped: [...this.stopped] };
      this.samples = {};
      this.stopped = new Set();
      this.emit(event);
    }, this.windowMs);
  }
}

/**
 * One `stats.watch` subscription: joins the shared source of each container it covers, sends their history
 * first and then batched samples. With `all` it follows the engine: containers that start join, those that
 * stop leave. Resolves with the function that leaves everything.
 */
export async function openStatsSubscription(
  deps: StatsSubscriptionDeps,
  input: StatsSubscriptionInput,
  emit: (event: StatsEvent) => void,
  end: (error: ApiError) => void,
): Promise<() => void> {
  const now = deps.now ?? Date.now;
  const batcher = new StatsBatcher(emit, batchWindowMs(input.intervalMs));
  /** key (as the subscriber named it) → leave function */
  const watched = new Map<string, () => void>();
  const cutoff = () => now() - input.historySeconds * 1000;

  const history: Record<string, ContainerStatsSample[]> = {};
  const initiallyStopped: string[] = [];
  let completeSince: number | undefined;

  const join = (key: string, id: string, withHistory: boolean) => {
    if (watched.has(key)) return;
    const { history: buffer, release } = deps.hub.watch(id, {
      intervalMs: input.intervalMs,
      trend: input.trend === true,
      onSample: (sample) => batcher.sample(key, sample),
      onStopped: () => {
        batcher.stop(key);
        // `all` shows running containers only; a named container stays watched and resumes when it starts.
        if (input.all) leave(key);
      },
    });
    watched.set(key, release);
    if (withHistory) {
      const kept = input.historySeconds > 0 ? buffer.newestWhile((sample) => sample.t >= cutoff()) : [];
      if (kept.length) history[key] = kept;
    }
  };
  const leave = (key: string) => {
    watched.get(key)?.();
    watched.delete(key);
  };
  const disposers: (() => void)[] = [];
  const dispose = () => {
    for (const off of disposers) off();
    for (const release of watched.values()) release();
    watched.clear();
    batcher.dispose();
  };

  disposers.push(
    deps.onEngineSwitch(() => {
      dispose();
      end(new ApiError('engine-unreachable', 'Berth switched to another engine; live stats start again once it is connected.'));
    }),
  );
  try {
    if (input.all) {
      const resync = async () => {
        const running = new Set(await deps.runningIds());
        for (const key of [...watched.keys()]) {
          if (running.has(key)) continue;
          leave(key);
          batcher.stop(key);
        }
        for (const id of running) join(id, id, false);
      };
      disposers.push(
        deps.onEngineEvent((event) => {
          if (event.type !== 'container' || !event.actor.id) return;
          if (event.action === 'start') join(event.actor.id, event.actor.id, false);
          else if (event.action === 'die' || event.action === 'destroy') {
            if (!watched.has(event.actor.id)) return;
            leave(event.actor.id);
            batcher.stop(event.actor.id);
          }
        }),
      );
      let connected = true;
      disposers.push(
        deps.onEngineStatus((status) => {
          // Events were missed while the engine was away: catch up with a listing.
          if (status.state === 'connected' && !connected) resync().catch(() => undefined);
          connected = status.state === 'connected';
        }),
      );
      // Listed after subscribing to events, so a container starting meanwhile is not missed.
      const running = await deps.runningIds();
      for (const id of running) join(id, id, true);
      // A container without history is read from now on; one with history is known since its first sample.
      completeSince = Math.max(now() - input.historySeconds * 1000, ...running.map((id) => history[id]?.[0]?.t ?? now()));
    } else {
      const requested = [...new Set(input.ids ?? [])];
      const resolved = await Promise.allSettled(requested.map((key) => deps.resolveId(key)));
      const missing = resolved.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
      for (const reason of missing) {
        // Only "no such container" is a per-container answer; anything else (engine away) fails the subscription.
        if (toApiError(reason).code !== 'not-found') throw reason;
      }
      if (requested.length > 0 && missing.length === requested.length) throw toApiError(missing[0]);
      resolved.forEach((result, index) => {
        const key = requested[index]!;
        if (result.status === 'fulfilled') join(key, result.value, true);
        else initiallyStopped.push(key);
      });
    }
  } catch (err) {
    dispose();
    throw err;
  }

  emit({ samples: history, stopped: initiallyStopped, ...(completeSince !== undefined ? { completeSince } : {}) });
  return dispose;
}
