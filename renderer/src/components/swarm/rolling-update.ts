import type { TaskInfo } from '../../../../common/contract';

export type SlotPhase =
  /** The slot runs a task of the current spec. */
  | 'done'
  /** A task of the current spec is being started (or its predecessor is being stopped). */
  | 'replacing'
  /** Still on the previous spec, waiting for its turn. */
  | 'waiting'
  /** The current spec's task failed or was rejected here. */
  | 'failed';

export interface SlotProgress {
  /** The slot number (replicated) or node name (global). */
  key: string;
  label: string;
  /** The newest task of the previous spec in this slot. */
  old?: TaskInfo;
  /** The newest task of the current spec in this slot. */
  next?: TaskInfo;
  phase: SlotPhase;
}

function slotKey(task: TaskInfo): string {
  return task.slot !== undefined ? String(task.slot) : (task.nodeName ?? task.nodeId ?? task.id);
}

/**
 * Per slot, the previous spec's task and the current spec's task, and how far the slot is: what the rolling-update
 * view draws as "old → new". Tasks come newest first within a slot (as the service's details list them).
 */
export function slotProgress(tasks: TaskInfo[]): SlotProgress[] {
  const slots = new Map<string, { old?: TaskInfo; next?: TaskInfo; slot?: number; wanted: boolean }>();
  for (const task of tasks) {
    const key = slotKey(task);
    const entry = slots.get(key) ?? { ...(task.slot !== undefined ? { slot: task.slot } : {}), wanted: false };
    entry.wanted ||= task.desiredState === 'running' || task.desiredState === 'ready';
    const newer = (a: TaskInfo | undefined) => !a || task.createdAt > a.createdAt;
    if (task.current && newer(entry.next)) entry.next = task;
    if (!task.current && newer(entry.old)) entry.old = task;
    slots.set(key, entry);
  }
  return [...slots.entries()]
    // A slot whose only tasks are shut-down leftovers of a scale-down is not part of the update.
    .filter(([, entry]) => entry.wanted || entry.next?.state === 'failed' || entry.next?.state === 'rejected')
    .map(([key, entry]) => {
      const next = entry.next;
      let phase: SlotPhase;
      if (next && next.state === 'running' && next.desiredState === 'running') phase = 'done';
      else if (next && (next.state === 'failed' || next.state === 'rejected')) phase = 'failed';
      else if (next) phase = 'replacing';
      else if (entry.old && entry.old.desiredState !== 'running') phase = 'replacing';
      else phase = 'waiting';
      return { key, label: entry.slot !== undefined ? `Slot ${entry.slot}` : key, ...(entry.old ? { old: entry.old } : {}), ...(next ? { next } : {}), phase };
    })
    .sort((a, b) => Number(a.key) - Number(b.key) || a.key.localeCompare(b.key));
}
