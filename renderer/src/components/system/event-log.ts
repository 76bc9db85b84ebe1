import type { EngineEvent } from '../../../../common/contract';
import { shortId } from '../../lib/format';

/** How many events the Events page keeps; older ones drop off. */
export const EVENT_LOG_LIMIT = 1000;

export interface LoggedEvent extends EngineEvent {
  /** Unique per page session, for React keys. */
  seq: number;
}

/** Newest first, at most `limit` entries. */
export function appendEvents(log: LoggedEvent[], incoming: LoggedEvent[], limit = EVENT_LOG_LIMIT): LoggedEvent[] {
  if (!incoming.length) return log;
  const merged = [...incoming].reverse().concat(log);
  return merged.length > limit ? merged.slice(0, limit) : merged;
}

/** The name people know an event's object by: its name attribute, else the image or a short id. */
export function actorName(event: EngineEvent): string {
  const attributes = event.actor.attributes;
  return attributes.name ?? attributes.image ?? shortId(event.actor.id);
}

export interface EventFilter {
  type: string;
  action: string;
  name: string;
}

export function matchesEventFilter(event: EngineEvent, filter: EventFilter): boolean {
  if (filter.type && event.type !== filter.type) return false;
  if (filter.action && !event.action.toLowerCase().includes(filter.action.trim().toLowerCase())) return false;
  const name = filter.name.trim().toLowerCase();
  if (name && !actorName(event).toLowerCase().includes(name) && !event.actor.id.toLowerCase().startsWith(name)) return false;
  return true;
}
