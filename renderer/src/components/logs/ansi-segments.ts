import Anser from 'anser';
import type { CSSProperties } from 'react';

export interface Segment {
  text: string;
  style?: CSSProperties;
  /** Part of a search match. */
  match: boolean;
}

interface Styled {
  text: string;
  style?: CSSProperties;
}

function styleOf(entry: Anser.AnserJsonEntry): CSSProperties | undefined {
  const decorations = entry.decorations ?? [];
  let fg = entry.fg ? `rgb(${entry.fg})` : undefined;
  let bg = entry.bg ? `rgb(${entry.bg})` : undefined;
  if (decorations.includes('reverse')) [fg, bg] = [bg ?? 'var(--log-bg)', fg ?? 'var(--log-fg)'];
  const style: CSSProperties = {};
  if (fg) style.color = fg;
  if (bg) style.backgroundColor = bg;
  if (decorations.includes('bold')) style.fontWeight = 700;
  if (decorations.includes('dim')) style.opacity = 0.65;
  if (decorations.includes('italic')) style.fontStyle = 'italic';
  const lines = [decorations.includes('underline') ? 'underline' : '', decorations.includes('strikethrough') ? 'line-through' : ''].filter(Boolean);
  if (lines.length) style.textDecorationLine = lines.join(' ');
  if (decorations.includes('hidden')) style.visibility = 'hidden';
  return Object.keys(style).length ? style : undefined;
}

/** A line's text split into styled runs; escape sequences are interpreted, never shown. */
export function ansiRuns(text: string): Styled[] {
  if (!text.includes('\u001b')) return [{ text }];
  return Anser.ansiToJson(text, { json: true, remove_empty: true }).map((entry) => ({ text: entry.content, style: styleOf(entry) }));
}

/** Cuts styled runs at match boundaries (offsets into the runs' joined text), marking the matched pieces. */
export function withMatches(runs: Styled[], ranges: readonly [number, number][]): Segment[] {
  if (!ranges.length) return runs.map((run) => ({ ...run, match: false }));
  const segments: Segment[] = [];
  let offset = 0;
  let r = 0;
  for (const run of runs) {
    const runEnd = offset + run.text.length;
    let at = offset;
    while (at < runEnd) {
      while (r < ranges.length && ranges[r]![1] <= at) r++;
      const range = ranges[r];
      let end: number;
      let match: boolean;
      if (!range || range[0] >= runEnd) [end, match] = [runEnd, false];
      else if (range[0] > at) [end, match] = [range[0], false];
      else [end, match] = [Math.min(range[1], runEnd), true];
      segments.push({ text: run.text.slice(at - offset, end - offset), style: run.style, match });
      at = end;
    }
    offset = runEnd;
  }
  return segments;
}
