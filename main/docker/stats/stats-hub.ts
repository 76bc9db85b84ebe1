import type { ContainerStatsSample } from '../../../common/contract/stats';
import { STATS_HISTORY_SECONDS, STATS_QUIET_FACTOR } from '../../../common/contract/stats';
import type { EngineEvent } from '../../../common/contract/engine';
import { toApiError } from '../../api/errors';
import { RingBuffer } from './stats-ring';
import { isStoppedSample, toSample, type RawStats } from './stats-formulas';

/** The scheduler's resolution: every sampling period is a multiple of it. */
export const TICK_MS = 1000;
/** History covers 10 minutes at 1 s resolution. */
const HISTORY_CAPACITY = STATS_HISTORY_SECONDS;
/** How long an unwatched container keeps its history (so a chart reopened soon starts full); nothing is sampled meanwhile. */
export const LINGER_MS = STATS_HISTORY_SECONDS * 1000;
/** Readings in a row that must be quiet before a trend watcher's container is read less often. */
export const QUIET_READINGS = 3;

/**
 * Traffic below this (bytes/s) is a trickle: an idle container on a bridge network still receives the odd IPv6
 * neighbour or multicast packet (tens of bytes every few seconds), which no chart shows.
 */
const TRICKLE_BYTES_PER_SECOND = 1024;

/** Nothing moved since the previous reading: no CPU worth showing, at most a trickle of I/O, memory and pids flat. */
export function isQuiet(sample: ContainerStatsSample, previous: ContainerStatsSample | undefined): boolean {
  if (!previous) return false;
  return (
    sample.cpuPercent < 0.1 &&
    sample.netRxRate < TRICKLE_BYTES_PER_SECOND &&
    sample.netTxRate < TRICKLE_BYTES_PER_SECOND &&
    sample.blockReadRate < TRICKLE_BYTES_PER_SECOND &&
    sample.blockWriteRate < TRICKLE_BYTES_PER_SECOND &&
    sample.pids === previous.pids &&
    Math.abs(sample.memoryBytes - previous.memoryBytes) <= previous.memoryBytes / 100
  );
}

export interface StatsWatcher {
  intervalMs: number;
  /** Draws trends: a quiet container may be read every `STATS_QUIET_FACTOR` periods (see the contract). */
  trend?: boolean;
  onSample(sample: ContainerStatsSample): void;
  /** The container stopped or was removed; samples resume if it starts again. */
  onStopped(): void;
}

export interface StatsHubOptions {
  /** One reading of a running container's counters; rejects with a `not-found` ApiError when it is gone. */
  fetch(id: string): Promise<RawStats>;
  /** The engine's event feed, to learn of starts, stops and removals without polling. */
  onEngineEvent(listener: (event: EngineEvent) => void): () => void;
  /** For tests: the clock and timers. */
  now?: () => number;
}

class ContainerStatsSource {
  readonly history = new RingBuffer<ContainerStatsSample>(HISTORY_CAPACITY);
  readonly watchers = new Set<StatsWatcher>();
  previous: RawStats | undefined;
  running = true;
  inFlight = false;
  lastPollAt = Number.NEGATIVE_INFINITY;
  lingerTimer: NodeJS.Timeout | undefined;
  /** Quiet readings in a row (see `isQuiet`). */
  quietReadings = 0;

  constructor(readonly id: string) {}

  /** The fastest period any watcher needs; a trend watcher of a quiet container needs it `STATS_QUIET_FACTOR` times less often. */
  get intervalMs(): number {
    const quiet = this.quietReadings >= QUIET_READINGS;
    let fastest = Number.POSITIVE_INFINITY;
    for (const watcher of this.watchers) fastest = Math.min(fastest, watcher.intervalMs * (quiet && watcher.trend ? STATS_QUIET_FACTOR : 1));
    return fastest;
  }

  isDue(now: number): boolean {
    // Half a tick of slack so timer jitter never skips a period.
    return this.watchers.size > 0 && this.running && !this.inFlight && now - this.lastPollAt >= this.intervalMs - TICK_MS / 2;
  }

  stopped(): void {
    this.running = false;
    this.previous = undefined;
    this.quietReadings = 0;
    for (const watcher of this.watchers) watcher.onStopped();
  }
}

/**
 * One stats source per container, shared by every subscriber: sampled with one-shot requests at the fastest
 * period any subscriber asked for, only while someone watches it, and only while it runs. All due containers
 * are sampled on the same tick, so the engine serves them in one collection pass. Each source keeps a ring
 * buffer of its samples, which outlives its last subscriber by `LINGER_MS` so charts reopen with history.
 */
export class StatsHub {
  private readonly sources = new Map<string, ContainerStatsSource>();
  private readonly now: () => number;
  private tickTimer: NodeJS.Timeout | undefined;
  private offEvents: (() => void) | undefined;

  constructor(private readonly options: StatsHubOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Starts (or joins) the container's source; returns its history and the function that leaves it. */
  watch(id: string, watcher: StatsWatcher): { history: RingBuffer<ContainerStatsSample>; release: () => void } {
    let source = this.sources.get(id);
    if (!source) {
      source = new ContainerStatsSource(id);
      this.sources.set(id, source);
    }
    clearTimeout(source.lingerTimer);
    source.lingerTimer = undefined;
    source.watchers.add(watcher);
    // A stopped source is probed again: a start may have happened while the engine's events were out of reach.
    source.running = true;
    this.offEvents ??= this.options.onEngineEvent((event) => this.onEngineEvent(event));
    if (source.isDue(this.now())) void this.poll(source);
    this.ensureTicking();
    const joined = source;
    let released = false;
    return {
      history: source.history,
      release: () => {
        if (released) return;
        released = true;
        this.release(joined, watcher);
      },
    };
  }

  /** How many containers are being sampled right now (watched and running). */
  get activeSources(): number {
    let active = 0;
    for (const source of this.sources.values()) if (source.watchers.size > 0 && source.running) active++;
    return active;
  }

  /** Containers whose history is kept, watched or not. */
  get keptSources(): number {
    return this.sources.size;
  }

  /** Stops every timer; the hub can be used again afterwards. */
  dispose(): void {
    clearInterval(this.tickTimer);
    this.tickTimer = undefined;
    for (const source of this.sources.values()) clearTimeout(source.lingerTimer);
    this.sources.clear();
    this.offEvents?.();
    this.offEvents = undefined;
  }

  private release(source: ContainerStatsSource, watcher: StatsWatcher): void {
    source.watchers.delete(watcher);
    if (source.watchers.size > 0 || this.sources.get(source.id) !== source) return;
    source.lingerTimer = setTimeout(() => this.drop(source), LINGER_MS);
    source.lingerTimer.unref?.();
    if (this.activeSources === 0) this.stopTicking();
  }

  private drop(source: ContainerStatsSource): void {
    clearTimeout(source.lingerTimer);
    if (this.sources.get(source.id) === source) this.sources.delete(source.id);
    if (this.sources.size === 0) {
      this.offEvents?.();
      this.offEvents = undefined;
    }
  }

  private ensureTicking(): void {
    if (this.tickTimer || this.activeSources === 0) return;
    this.tickTimer = setInterval(() => this.tick(), TICK_MS);
    this.tickTimer.unref?.();
  }

  private stopTicking(): void {
    clearInterval(this.tickTimer);
    this.tickTimer = undefined;
  }

  private tick(): void {
    const now = this.now();
    for (const source of this.sources.values()) if (source.isDue(now)) void this.poll(source);
    if (this.activeSources === 0) this.stopTicking();
  }

  private async poll(source: ContainerStatsSource): Promise<void> {
    source.inFlight = true;
    source.lastPollAt = this.now();
    let raw: RawStats;
    try {
      raw = await this.options.fetch(source.id);
    } catch (err) {
      source.inFlight = false;
      if (toApiError(err).code === 'not-found') this.removed(source);
      // Otherwise the engine is unreachable or busy: the next tick retries, and the rates span the gap.
      return;
    }
    source.inFlight = false;
    if (this.sources.get(source.id) !== source || !source.running) return;
    if (isStoppedSample(raw)) {
      source.stopped();
      return;
    }
    const previous = source.previous;
    source.previous = raw;
    // Requests that land on the same engine collection pass return the same reading.
    if (!previous || Date.parse(raw.read) <= Date.parse(previous.read)) return;
    const sample = toSample(previous, raw);
    source.quietReadings = isQuiet(sample, source.history.newest()) ? source.quietReadings + 1 : 0;
    source.history.push(sample);
    for (const watcher of source.watchers) watcher.onSample(sample);
  }

  private removed(source: ContainerStatsSource): void {
    source.stopped();
    source.history.clear();
    if (source.watchers.size === 0) this.drop(source);
  }

  private onEngineEvent(event: EngineEvent): void {
    if (event.type !== 'container') return;
    const source = this.sources.get(event.actor.id);
    if (!source) return;
    switch (event.action) {
      case 'start':
        if (source.running) return;
        source.running = true;
        source.previous = undefined;
        if (source.isDue(this.now())) void this.poll(source);
        this.ensureTicking();
        return;
      case 'die':
        if (source.running) source.stopped();
        return;
      case 'destroy':
        this.removed(source);
        return;
    }
  }
}
