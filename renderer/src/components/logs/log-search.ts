import Anser from 'anser';
import type { LogStore } from './log-store';

export interface SearchQuery {
  text: string;
  regex: boolean;
  caseSensitive: boolean;
}

export type CompiledQuery = { ok: true; test: RegExp; all: RegExp } | { ok: false; message: string };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Turns what the user typed into regular expressions, or a sentence saying why it is not one. */
export function compileQuery(query: SearchQuery): CompiledQuery | undefined {
  if (!query.text) return undefined;
  const source = query.regex ? query.text : escapeRegExp(query.text);
  const flags = query.caseSensitive ? 'u' : 'iu';
  try {
    const test = new RegExp(source, flags);
    if (test.test('')) return { ok: false, message: 'This pattern matches empty text, so it would match every line.' };
    return { ok: true, test, all: new RegExp(source, `${flags}g`) };
  } catch (err) {
    return { ok: false, message: `Not a valid regular expression: ${err instanceof Error ? err.message.replace(/^Invalid regular expression: /, '') : String(err)}` };
  }
}

/** A line as the user reads it: ANSI escape sequences removed. */
export function plainText(text: string): string {
  return text.includes('\u001b') ? Anser.ansiToText(text) : text;
}

/** Where `all` matches in `text`, as [start, end) pairs (at most `limit` of them). */
export function matchRanges(text: string, all: RegExp, limit = Number.POSITIVE_INFINITY): [number, number][] {
  const ranges: [number, number][] = [];
  all.lastIndex = 0;
  for (let match = all.exec(text); match && ranges.length < limit; match = all.exec(text)) {
    if (match[0].length === 0) {
      all.lastIndex++;
      continue;
    }
    ranges.push([match.index, match.index + match[0].length]);
  }
  return ranges;
}

/**
 * The sequence numbers of the held lines that satisfy a predicate, kept up to date incrementally: new lines are
 * examined once as they arrive, and lines the store dropped are skipped without rebuilding.
 */
export class SeqIndex {
  private seqs: number[] = [];
  private head = 0;
  private scannedTo: number;

  constructor(
    private readonly store: LogStore,
    private readonly predicate: (seq: number) => boolean,
  ) {
    this.scannedTo = store.firstSeq;
    this.update();
  }

  /** Examines lines that arrived since the last call and forgets those the store dropped. */
  update(): void {
    if (this.scannedTo < this.store.firstSeq) this.scannedTo = this.store.firstSeq;
    for (let seq = this.scannedTo; seq < this.store.endSeq; seq++) if (this.predicate(seq)) this.seqs.push(seq);
    this.scannedTo = this.store.endSeq;
    this.trim();
  }

  get count(): number {
    return this.seqs.length - this.head;
  }

  seqAt(index: number): number {
    return this.seqs[this.head + index]!;
  }

  /** Index of the first entry at or after `seq`. */
  indexOf(seq: number): number {
    let low = this.head;
    let high = this.seqs.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.seqs[mid]! < seq) low = mid + 1;
      else high = mid;
    }
    return low - this.head;
  }

  private trim(): void {
    const first = this.store.firstSeq;
    if (this.head >= this.seqs.length || this.seqs[this.head]! >= first) return;
    this.head += this.indexOf(first);
    // Compact now and then so dropped entries do not pin memory.
    if (this.head > 65_536 && this.head > this.seqs.length / 2) {
      this.seqs = this.seqs.slice(this.head);
      this.head = 0;
    }
  }
}
