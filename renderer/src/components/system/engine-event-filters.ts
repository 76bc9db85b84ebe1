import type { EngineEvent } from '../../../../common/contract';

/** Events of Berth's own short-lived volume helpers (labelled berth.helper), which no list should reload for. */
export function isVolumeHelperEvent(event: EngineEvent): boolean {
  return event.actor.attributes['berth.helper'] !== undefined;
}

/** Container events that change which containers use a volume or network: they appear or go away. */
export function changesContainerSet(event: EngineEvent): boolean {
  return event.type === 'container' && (event.action === 'create' || event.action === 'destroy') && !isVolumeHelperEvent(event);
}
