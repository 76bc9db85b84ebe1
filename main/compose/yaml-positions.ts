import { EVENT_ID, getScalarValue, parseEvents, type Event, type ScalarEvent } from 'js-yaml';

/** Where a node sits in the text: its key (for a mapping entry) and its value, as 0-based offsets. */
export interface NodePosition {
  keyFrom?: number;
  keyTo?: number;
  valueFrom: number;
  valueTo: number;
}

/** JSON-pointer-style paths (`/services/web/ports/0`, as ajv's `instancePath`) to their place in the text. */
export type PositionMap = Map<string, NodePosition>;

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

interface Frame {
  kind: 'mapping' | 'sequence';
  path: string;
  index: number;
  /** Mapping only: the key just read, waiting for its value. */
  key?: { name: string; from: number; to: number };
}

function eventStart(event: Event, source: string): number {
  if (event.type === EVENT_ID.SCALAR) return quotedStart(event, source);
  if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) return event.start;
  if (event.type === EVENT_ID.ALIAS) return event.anchorStart - 1;
  return 0;
}

/** A quoted scalar's value starts after its quote; the underline looks better including it. */
function quotedStart(event: ScalarEvent, source: string): number {
  const before = source[event.valueStart - 1];
  return (before === '"' || before === "'") && event.style !== 1 ? event.valueStart - 1 : event.valueStart;
}

/**
 * Maps every node of the first YAML document to its position, from js-yaml's event stream (which keeps offsets;
 * `load` does not). Keys merged in with `<<` are not in the text at their path: the caller falls back to the
 * nearest ancestor that is.
 */
export function yamlPositions(source: string): PositionMap {
  const map: PositionMap = new Map();
  const events = parseEvents(source, {});
  const stack: Frame[] = [];
  // Offsets where the current container's value ends are not reported; a container's range is its first line.
  const place = (event: Event): string | undefined => {
    const top = stack[stack.length - 1];
    if (!top) return '';
    if (top.kind === 'sequence') return `${top.path}/${top.index++}`;
    if (!top.key) {
      // This event is a key.
      if (event.type === EVENT_ID.SCALAR) top.key = { name: getScalarValue(source, event), from: event.valueStart, to: event.valueEnd };
      else top.key = { name: '', from: eventStart(event, source), to: eventStart(event, source) + 1 };
      return undefined;
    }
    const key = top.key;
    top.key = undefined;
    const path = `${top.path}/${escapePointer(key.name)}`;
    map.set(path, { keyFrom: key.from, keyTo: key.to, valueFrom: eventStart(event, source), valueTo: eventStart(event, source) });
    return path;
  };
  for (const event of events) {
    if (event.type === EVENT_ID.DOCUMENT) {
      if (map.size) break;
      continue;
    }
    if (event.type === EVENT_ID.POP) {
      stack.pop();
      continue;
    }
    const path = place(event);
    if (path === undefined) {
      // A mapping key that is itself a collection (rare): skip its contents.
      if (event.type === EVENT_ID.MAPPING || event.type === EVENT_ID.SEQUENCE) stack.push({ kind: event.type === EVENT_ID.MAPPING ? 'mapping' : 'sequence', path: '/\u0000', index: 0 });
      continue;
    }
    const from = eventStart(event, source);
    const existing = map.get(path);
    const to = event.type === EVENT_ID.SCALAR ? event.valueEnd + (from < event.valueStart ? 1 : 0) : from + 1;
    map.set(path, { ...existing, valueFrom: from, valueTo: to });
    if (event.type === EVENT_ID.MAPPING) stack.push({ kind: 'mapping', path, index: 0 });
    else if (event.type === EVENT_ID.SEQUENCE) stack.push({ kind: 'sequence', path, index: 0 });
  }
  return map;
}

/** The position for a path, else its nearest ancestor's (merged keys, defaults), else the document start. */
export function positionFor(map: PositionMap, path: string): NodePosition & { path: string } {
  let current = path;
  for (;;) {
    const found = map.get(current);
    if (found) return { ...found, path: current };
    if (!current) return { valueFrom: 0, valueTo: 0, path: '' };
    current = current.slice(0, current.lastIndexOf('/'));
  }
}

/** 1-based line and column of an offset. */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  const before = source.slice(0, Math.max(0, Math.min(offset, source.length)));
  const line = before.split('\n').length;
  return { line, column: offset - (before.lastIndexOf('\n') + 1) + 1 };
}
