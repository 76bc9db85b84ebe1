import { randomUUID } from 'node:crypto';
import type Docker from 'dockerode';
import { COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL } from '../../../common/compose-labels';
import { SWARM_SERVICE_ID_LABEL, SWARM_TASK_NAME_LABEL } from '../../../common/contract/swarm';
import type { EngineEvent } from '../../../common/contract/engine';
import type { LogEvent, LogRangeInput, LogSource } from '../../../common/contract/logs';
import { ApiError } from '../../../common/errors';
import { toApiError } from '../../api/errors';
import type { EngineConnection } from '../../engine/connection';
import { DEFAULT_BATCHER_OPTIONS, LogBatcher, type BatcherOptions } from './logs-batcher';
import type { LogLine } from './logs-lines';
import { mergeByTime } from './logs-merge';
import { readLogLines } from './logs-reader';
import { compareTimes, parseTime, timeFromMillis, type LogTime } from './logs-time';
import { EngineService } from '../engine-service';

/** Pause before re-reading a running container whose log stream ended on its own, so a flapping stream cannot spin. */
const REOPEN_DELAY_MS = 250;

interface SourceState {
  info: LogSource;
  tty: boolean;
  /** The latest time delivered and how many lines carried it: where a re-opened stream resumes. */
  lastTime?: LogTime;
  linesAtLast: number;
  /** Where live reading starts while nothing has been delivered yet (the end of the initial range). */
  followFrom?: LogTime;
  /** A `start` event arrived while the follower was still winding down from the previous run. */
  startedAgain: boolean;
}

export interface LogStreamControls {
  emit(event: LogEvent): void;
  end(error?: unknown): void;
}

/** A container run with `--log-driver none`: the engine keeps nothing to read. */
function keepsNoLogs(info: Docker.ContainerInspectInfo): boolean {
  return info.HostConfig.LogConfig?.Type === 'none';
}

function sourceFromInspect(info: Docker.ContainerInspectInfo): SourceState {
  const service = info.Config.Labels?.[COMPOSE_SERVICE_LABEL];
  // A swarm task's container is named `<service>.<slot>.<25-character task id>`: its first 8 say which task.
  const task = info.Config.Labels?.[SWARM_TASK_NAME_LABEL]?.replace(/^(.*\.)([a-z0-9]{8})[a-z0-9]{17}$/, '$1$2');
  return {
    info: { containerId: info.Id, name: task ?? info.Name.replace(/^\//, ''), running: info.State.Running, ...(service ? { service } : {}) },
    tty: Boolean(info.Config.Tty),
    linesAtLast: 0,
    startedAgain: false,
  };
}

/** Drops the lines a resumed stream repeats: all before `since`, and the first `skip` lines exactly at it. */
function resumeFilter(since: LogTime | undefined, skip: number): (line: LogLine) => boolean {
  if (!since) return () => true;
  let toSkip = skip;
  let past = false;
  return (line) => {
    if (past) return true;
    const order = compareTimes(line, since);
    if (order < 0) return false;
    if (order === 0 && toSkip > 0) {
      toSkip--;
      return false;
    }
    past = order > 0;
    return true;
  };
}

/** A user-given time (already shaped by the contract) that must also be a real date. */
function userTime(text: string | undefined): LogTime | undefined {
  if (text === undefined) return undefined;
  const time = parseTime(text);
  if (!time) throw new ApiError('invalid-input', `${text} is not a valid time.`);
  return time;
}

function engineLost(): ApiError {
  return new ApiError('engine-unreachable', 'Lost the connection to the container engine. The logs continue when it is back.');
}

/**
 * One live log view: one reader per container, merged by time, batched with flow control, and following the
 * containers through stops and restarts until the subscriber leaves or the engine goes away.
 */
class LogSession {
  readonly id = randomUUID();
  readonly batcher: LogBatcher;
  private readonly controller = new AbortController();
  private readonly cleanups: (() => void)[] = [];
  private readonly followers = new Map<string, Promise<void>>();

  constructor(
    private readonly engine: EngineConnection,
    private readonly sources: SourceState[],
    private readonly range: LogRangeInput,
    private readonly controls: LogStreamControls,
    /** For merged views (a Compose project, a swarm service): the label a newly started container joins by. */
    private readonly group: { label: string; value: string } | undefined,
    batcherOptions: Partial<BatcherOptions>,
  ) {
    const merged = group !== undefined || sources.length > 1;
    this.batcher = new LogBatcher((seq, lines) => controls.emit({ type: 'lines', seq, lines }), {
      ...DEFAULT_BATCHER_OPTIONS,
      withSource: merged,
      sortByTime: merged,
      ...batcherOptions,
    });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  private get docker(): Docker {
    return this.engine.docker;
  }

  start(): void {
    this.controls.emit({ type: 'start', session: this.id, sources: this.sourceList() });
    this.cleanups.push(
      this.engine.onStatus((status) => {
        if (status.state === 'unreachable') this.fail(engineLost());
      }),
    );
    this.run().catch((err: unknown) => this.fail(err));
  }

  close(): void {
    if (this.controller.signal.aborted) return;
    this.controller.abort();
    this.batcher.close();
    for (const cleanup of this.cleanups.splice(0)) cleanup();
  }

  private fail(err: unknown): void {
    if (this.signal.aborted) return;
    const error = toApiError(err);
    this.close();
    this.controls.end(error);
  }

  private sourceList(): LogSource[] {
    return this.sources.map((source) => ({ ...source.info }));
  }

  private emitSources(): void {
    if (!this.signal.aborted) this.controls.emit({ type: 'sources', sources: this.sourceList() });
  }

  /** Wraps a reader: drops repeated lines, tags the source, and remembers where to resume. */
  private async *track(index: number, lines: AsyncIterable<LogLine[]>, keep: (line: LogLine) => boolean): AsyncGenerator<LogLine[]> {
    const source = this.sources[index]!;
    for await (const batch of lines) {
      const out: LogLine[] = [];
      for (const line of batch) {
        if (!keep(line)) continue;
        const last = source.lastTime;
        if (last && compareTimes(line, last) === 0) source.linesAtLast++;
        else {
          source.lastTime = { seconds: line.seconds, nanos: line.nanos };
          source.linesAtLast = 1;
        }
        line.source = index;
        out.push(line);
      }
      if (out.length) yield out;
    }
  }

  private async run(): Promise<void> {
    const startedAt = timeFromMillis(Date.now());
    const { tail, skipAtSince } = this.range;
    const since = userTime(this.range.since);
    const until = userTime(this.range.until);
    const history = this.sources.map((source, index) =>
      this.track(
        index,
        readLogLines(this.docker, source.info.containerId, { follow: false, tail, since, until, tty: source.tty, signal: this.signal }),
        resumeFilter(since, skipAtSince ?? 0),
      ),
    );
    for await (const lines of mergeByTime(history)) {
      this.batcher.add(lines);
      await this.batcher.waitForRoom();
      if (this.signal.aborted) return;
    }
    await this.batcher.drain();
    if (this.signal.aborted) return;
    this.controls.emit({ type: 'caught-up' });
    if (!this.range.follow || until) return this.finish();

    // History came from a snapshot; live reading resumes right after it (or after `startedAt` if it was empty).
    const liveSince = since && compareTimes(since, startedAt) > 0 ? since : startedAt;
    this.cleanups.push(this.engine.onEvent((event) => this.onEngineEvent(event)));
    for (const [index, source] of this.sources.entries()) {
      source.followFrom = liveSince;
      this.follow(index);
    }
  }

  private finish(): void {
    if (this.signal.aborted) return;
    this.close();
    this.controls.end();
  }

  private follow(index: number): void {
    const id = this.sources[index]!.info.containerId;
    if (this.followers.has(id)) return;
    const follower = this.followSource(index)
      .catch((err: unknown) => this.fail(err))
      .finally(() => this.followers.delete(id));
    this.followers.set(id, follower);
  }

  /** Follows one container's live output; when it stops, waits for it to start again and resumes without repeats. */
  private async followSource(index: number): Promise<void> {
    const source = this.sources[index]!;
    const id = source.info.containerId;
    while (!this.signal.aborted) {
      source.startedAgain = false;
      const since = source.lastTime ?? source.followFrom;
      const keep = resumeFilter(source.lastTime, source.linesAtLast);
      const lines = readLogLines(this.docker, id, { follow: true, tail: 'all', since, tty: source.tty, signal: this.signal });
      try {
        for await (const batch of this.track(index, lines, keep)) {
          this.batcher.add(batch);
          await this.batcher.waitForRoom();
        }
      } catch (err) {
        if (this.signal.aborted) return;
        const error = toApiError(err);
        if (error.code !== 'not-found') throw error;
      }
      if (this.signal.aborted) return;
      const running = await this.isRunning(id);
      if (running === undefined) return this.sourceRemoved(index);
      if (running) {
        await new Promise((resolve) => setTimeout(resolve, REOPEN_DELAY_MS));
        continue;
      }
      if (source.startedAgain) continue;
      this.setRunning(index, false);
      return; // the container's next `start` event re-opens the follower
    }
  }

  /** Running state, or undefined when the container no longer exists. */
  private async isRunning(id: string): Promise<boolean | undefined> {
    try {
      const info = await this.docker.getContainer(id).inspect();
      return info.State.Running;
    } catch (err) {
      const error = toApiError(err);
      if (error.code === 'not-found') return undefined;
      throw error;
    }
  }

  private setRunning(index: number, running: boolean): void {
    const source = this.sources[index]!;
    if (source.info.running === running) return;
    source.info.running = running;
    this.emitSources();
  }

  private sourceRemoved(index: number): void {
    if (this.group === undefined) {
      this.fail(new ApiError('not-found', `The container ${this.sources[index]!.info.name} was removed.`));
      return;
    }
    this.setRunning(index, false);
  }

  private onEngineEvent(event: EngineEvent): void {
    if (event.type !== 'container' || this.signal.aborted) return;
    const index = this.sources.findIndex((source) => source.info.containerId === event.actor.id);
    if (event.action === 'start') {
      if (index !== -1) {
        this.sources[index]!.startedAgain = true;
        this.setRunning(index, true);
        this.follow(index);
      } else if (this.group !== undefined && event.actor.attributes[this.group.label] === this.group.value) {
        void this.addSource(event.actor.id);
      }
    } else if (event.action === 'destroy' && index !== -1) {
      this.sourceRemoved(index);
    }
  }

  /** A container that joined the project (scaled up or re-created) is followed from its first line. */
  private async addSource(id: string): Promise<void> {
    try {
      const info = await this.docker.getContainer(id).inspect();
      if (keepsNoLogs(info)) return;
      const source = sourceFromInspect(info);
      if (this.signal.aborted || this.sources.some((s) => s.info.containerId === source.info.containerId)) return;
      this.sources.push(source);
      this.emitSources();
      this.follow(this.sources.length - 1);
    } catch (err) {
      if (toApiError(err).code !== 'not-found') this.fail(err);
    }
  }
}

/** Log views over the engine: sessions are opened by the two stream calls and acknowledged by `logs.ack`. */
export class LogService extends EngineService {
  private readonly sessions = new Map<string, LogSession>();

  constructor(
    engine: EngineConnection,
    private readonly batcherOptions: Partial<BatcherOptions> = {},
  ) {
    super(engine);
  }

  /** Opens one container's logs; resolves with the function that closes them. */
  async openContainer(containerId: string, range: LogRangeInput, controls: LogStreamControls): Promise<() => void> {
    const info = await this.docker.getContainer(containerId).inspect();
    if (keepsNoLogs(info)) {
      throw new ApiError('conflict', `${info.Name.replace(/^\//, '')} was started with the log driver "none", so the engine keeps no logs of it.`);
    }
    return this.open([sourceFromInspect(info)], range, controls, undefined);
  }

  /** Opens the merged logs of every container of a Compose project. */
  async openProject(project: string, range: LogRangeInput, controls: LogStreamControls): Promise<() => void> {
    const containers = await this.docker.listContainers({ all: true, filters: { label: [`${COMPOSE_PROJECT_LABEL}=${project}`] } });
    if (!containers.length) throw new ApiError('not-found', `No containers belong to the Compose project "${project}".`);
    const inspected = await Promise.all(containers.map((c) => this.docker.getContainer(c.Id).inspect()));
    // Containers that keep no logs have nothing to add to the merged view.
    const sources = inspected
      .filter((info) => !keepsNoLogs(info))
      .map(sourceFromInspect)
      .sort((a, b) => (a.info.service ?? a.info.name).localeCompare(b.info.service ?? b.info.name) || a.info.name.localeCompare(b.info.name));
    if (!sources.length) throw new ApiError('conflict', `Every container of "${project}" was started with the log driver "none", so the engine keeps no logs of them.`);
    return this.open(sources, range, controls, { label: COMPOSE_PROJECT_LABEL, value: project });
  }

  ack(sessionId: string, seq: number): void {
    this.sessions.get(sessionId)?.batcher.ack(seq);
  }

  get openSessions(): number {
    return this.sessions.size;
  }

  /**
   * Opens the merged logs of a swarm service's task containers on this engine (every task on a single-node swarm),
   * each line prefixed by its task (`web.2.k3x9…`); tasks that start later (scaling, updates, restarts) join.
   */
  async openSwarmService(service: string, range: LogRangeInput, controls: LogStreamControls): Promise<() => void> {
    const inspected = (await this.docker.getService(service).inspect()) as { ID: string; Spec?: { Name?: string } };
    const name = inspected.Spec?.Name ?? service;
    const containers = await this.docker.listContainers({ all: true, filters: { label: [`${SWARM_SERVICE_ID_LABEL}=${inspected.ID}`] } });
    const infos = await Promise.all(containers.map((c) => this.docker.getContainer(c.Id).inspect()));
    const sources = infos
      .filter((info) => !keepsNoLogs(info))
      .map(sourceFromInspect)
      .sort((a, b) => a.info.name.localeCompare(b.info.name, undefined, { numeric: true }));
    if (!sources.length) throw new ApiError('not-found', `The service ${name} has no task containers on this engine yet, so there are no logs to show.`);
    return this.open(sources, range, controls, { label: SWARM_SERVICE_ID_LABEL, value: inspected.ID });
  }

  private open(sources: SourceState[], range: LogRangeInput, controls: LogStreamControls, group: { label: string; value: string } | undefined): () => void {
    const session = new LogSession(this.engine, sources, range, controls, group, this.batcherOptions);
    this.sessions.set(session.id, session);
    session.signal.addEventListener('abort', () => this.sessions.delete(session.id), { once: true });
    session.start();
    return () => session.close();
  }
}
