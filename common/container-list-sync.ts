import type { ContainerSummary } from './contract/containers';
import type { EngineEvent } from './contract/engine';

/**
 * Applies answers to list calls in the order the questions were asked, per container: a patch (or a full reload)
 * answered after a newer question about the same container, or after its `destroy` event, is ignored for it.
 */
export class ContainerTable {
  private readonly rows = new Map<string, ContainerSummary>();
  /** The newest request or destroy event that touched each container. */
  private readonly latest = new Map<string, number>();
  private sequence = 0;
  private reloadSequence = 0;

  /** Call before asking the engine about these containers (all of them when `ids` is absent). */
  begin(ids?: string[]): number {
    const seq = ++this.sequence;
    if (ids) for (const id of ids) this.latest.set(id, seq);
    else this.reloadSequence = seq;
    return seq;
  }

  /** The engine's answer to `begin(ids)`: present containers are updated, missing ones removed. */
  applyPatch(seq: number, ids: string[], found: ContainerSummary[]): void {
    const byId = new Map(found.map((c) => [c.id, c]));
    for (const id of ids) {
      if (this.latest.get(id) !== seq) continue;
      const container = byId.get(id) ?? found.find((c) => c.id.startsWith(id));
      if (container) this.rows.set(container.id, container);
      else this.rows.delete(id);
    }
  }

  /** The engine's answer to `begin()`: replaces everything not touched by a newer patch or event. */
  applyFull(seq: number, list: ContainerSummary[]): void {
    if (seq !== this.reloadSequence) return;
    const fresh = new Map(list.map((c) => [c.id, c]));
    for (const id of [...this.rows.keys()]) {
      if (!fresh.has(id) && !((this.latest.get(id) ?? 0) > seq)) this.rows.delete(id);
    }
    for (const [id, container] of fresh) {
      if ((this.latest.get(id) ?? 0) > seq) continue;
      this.rows.set(id, container);
    }
  }

  destroyed(id: string): void {
    this.latest.set(id, ++this.sequence);
    this.rows.delete(id);
  }

  snapshot(): ContainerSummary[] {
    return [...this.rows.values()];
  }
}

/** The states a container can be in right after the engine reported each action. */
const STATES_AFTER: Record<string, string[]> = {
  create: ['created'],
  start: ['running', 'restarting', 'exited', 'dead'],
  restart: ['running', 'restarting', 'exited', 'dead'],
  pause: ['paused'],
  unpause: ['running', 'restarting', 'exited', 'dead'],
  die: ['exited', 'dead', 'restarting', 'removing'],
  stop: ['exited', 'dead', 'restarting', 'removing'],
};

/** What a container event says the list should show: the action, and the container's name when it was logged. */
export interface ReportedChange {
  action: string;
  name?: string;
}

/**
 * Whether a listed container cannot be the result of the change the engine just reported. The engine logs some
 * events before its list view catches up, so a list read at once can still show the old state (pause, unpause,
 * die) or, under load, the old name (rename).
 */
export function lagsBehind(change: ReportedChange, listed: Pick<ContainerSummary, 'state' | 'name'>): boolean {
  if (change.name && listed.name !== change.name) return true;
  const expected = STATES_AFTER[change.action];
  return expected !== undefined && !expected.includes(listed.state);
}

/** Container events that never change what the list shows. */
const IGNORED_ACTIONS = /^(exec_|attach|detach|resize|top|archive-path|extract-to-dir|copy|export|commit)/;
/** The engine's list filter takes this many ids per call without an oversized query string. */
const PATCH_CHUNK = 200;
/** Re-reads of a container whose listed state still lags its last event, and the pause before each. */
const LAG_RETRIES = 8;
const LAG_RETRY_MS = 40;
/**
 * Re-reads after a list call failed, and the pause before each (doubling). When the engine is gone for longer,
 * the reload on reconnect catches up instead.
 */
const FAILED_PATCH_RETRIES = 5;
const FAILED_PATCH_RETRY_MS = 250;

export interface ContainerListSource {
  /** The engine's list: everything, or only these ids. */
  list(ids?: string[]): Promise<ContainerSummary[]>;
}

/**
 * Keeps a list of all containers current from engine events: each event re-reads only the containers it names.
 * The first event is patched at once; events arriving while that call is out are coalesced into the next one,
 * so a quiet engine shows a change after one round trip and a burst costs a handful of calls. A full reload
 * happens only when asked (on connect). Used by the renderer's list and by the main process's cache.
 */
export class ContainerListSync {
  private readonly table = new ContainerTable();
  private pending = new Set<string>();
  /** The last change reported per container, until the list shows its effect. */
  private readonly lastChange = new Map<string, ReportedChange & { retries: number }>();
  private readonly retryTimers = new Set<ReturnType<typeof setTimeout>>();
  /** List calls that failed in a row. */
  private failedPatches = 0;
  private inFlight = false;
  private disposed = false;

  constructor(
    private readonly source: ContainerListSource,
    /** Called after every change to the list. */
    private readonly onChange: () => void,
  ) {}

  /** Reads the whole list; resolves when it was applied. */
  async reload(fetch: () => Promise<ContainerSummary[]> = () => this.source.list()): Promise<void> {
    const seq = this.table.begin();
    const list = await fetch();
    if (this.disposed) return;
    this.table.applyFull(seq, list);
    this.onChange();
  }

  handleEvent(event: EngineEvent): void {
    if (this.disposed || event.type !== 'container' || IGNORED_ACTIONS.test(event.action) || !event.actor.id) return;
    const id = event.actor.id;
    if (event.action === 'destroy') {
      this.pending.delete(id);
      this.lastChange.delete(id);
      this.table.destroyed(id);
      this.onChange();
      return;
    }
    this.lastChange.set(id, { action: event.action, name: event.actor.attributes.name, retries: 0 });
    this.pending.add(id);
    this.flush();
  }

  snapshot(): ContainerSummary[] {
    return this.table.snapshot();
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
  }

  private flush(): void {
    if (this.inFlight || this.disposed || !this.pending.size) return;
    const ids = [...this.pending];
    this.pending = new Set();
    this.inFlight = true;
    const chunks: Promise<void>[] = [];
    for (let i = 0; i < ids.length; i += PATCH_CHUNK) chunks.push(this.patch(ids.slice(i, i + PATCH_CHUNK)));
    void Promise.all(chunks).then(() => {
      this.inFlight = false;
      this.flush();
    });
  }

  private async patch(ids: string[]): Promise<void> {
    const seq = this.table.begin(ids);
    let found: ContainerSummary[];
    try {
      found = await this.source.list(ids);
    } catch {
      this.retryAfterFailure(ids);
      return;
    }
    if (this.disposed) return;
    this.failedPatches = 0;
    this.table.applyPatch(seq, ids, found);
    this.onChange();
    for (const container of found) this.recheckIfLagging(container);
  }

  private recheckIfLagging(container: ContainerSummary): void {
    const last = this.lastChange.get(container.id);
    if (!last) return;
    if (!lagsBehind(last, container) || last.retries >= LAG_RETRIES) {
      this.lastChange.delete(container.id);
      return;
    }
    last.retries++;
    this.patchLater([container.id], LAG_RETRY_MS * last.retries);
  }

  /** A failed read must not lose the change that caused it: the engine may only have been slow or busy. */
  private retryAfterFailure(ids: string[]): void {
    if (this.disposed || this.failedPatches >= FAILED_PATCH_RETRIES) return;
    this.patchLater(ids, FAILED_PATCH_RETRY_MS * 2 ** this.failedPatches++);
  }

  private patchLater(ids: string[], delayMs: number): void {
    const timer = setTimeout(() => {
      this.retryTimers.delete(timer);
      for (const id of ids) this.pending.add(id);
      this.flush();
    }, delayMs);
    this.retryTimers.add(timer);
  }
}
