import { describe, expect, it } from 'vitest';
import type { TaskInfo } from '../../../../common/contract';
import { slotProgress } from './rolling-update';

let clock = 0;
function task(slot: number, current: boolean, state: TaskInfo['state'], desiredState: TaskInfo['desiredState'] = 'running'): TaskInfo {
  clock++;
  return {
    id: `t${clock}`,
    slot,
    state,
    desiredState,
    message: '',
    image: current ? 'app:v2' : 'app:v1',
    current,
    createdAt: `2026-01-01T00:00:${String(clock).padStart(2, '0')}Z`,
    updatedAt: '',
  };
}

describe('the rolling-update view', () => {
  it('shows each slot as done, replacing or waiting while an update goes one slot at a time', () => {
    const tasks = [
      task(1, false, 'shutdown', 'shutdown'),
      task(1, true, 'running'),
      task(2, false, 'running', 'shutdown'),
      task(2, true, 'preparing'),
      task(3, false, 'running'),
    ];
    expect(slotProgress(tasks).map((slot) => [slot.label, slot.old?.image, slot.next?.image, slot.phase])).toEqual([
      ['Slot 1', 'app:v1', 'app:v2', 'done'],
      ['Slot 2', 'app:v1', 'app:v2', 'replacing'],
      ['Slot 3', 'app:v1', undefined, 'waiting'],
    ]);
  });

  it('marks a slot whose new task failed, and leaves out slots emptied by scaling down', () => {
    const tasks = [task(1, false, 'shutdown', 'shutdown'), task(1, true, 'failed', 'shutdown'), task(4, true, 'shutdown', 'shutdown'), task(5, false, 'shutdown', 'shutdown')];
    const slots = slotProgress(tasks);
    expect(slots.map((slot) => [slot.label, slot.phase])).toEqual([['Slot 1', 'failed']]);
  });
});
