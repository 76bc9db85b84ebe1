import { describe, expect, it } from 'vitest';
import type { LogLines } from '../../../../common/contract/logs';
import { compileQuery, matchRanges, plainText, SeqIndex } from './log-search';
import { LogStore } from './log-store';
import { ansiRuns, withMatches } from './ansi-segments';

/** A batch whose lines all carry the same time (seconds since 2024-01-01). */
function batch(texts: string[], stderr: number[] = [], second = 0): LogLines {
  return { text: texts.join('\n'), time: { seconds: 1_704_067_200 + second, nanos: 0, deltas: texts.map(() => 0) }, stderr };
}

describe('LogStore', () => {
  it('keeps at most its capacity, dropping the oldest and counting them', () => {
    const store = new LogStore(3);
    store.append(batch(['a', 'b'], [1]));
    store.append(batch(['c', 'd', 'e'], [0]));
    expect(store.size).toBe(3);
    expect(store.dropped).toBe(2);
    expect([store.firstSeq, store.endSeq]).toEqual([2, 5]);
    expect([2, 3, 4].map((seq) => store.textAt(seq))).toEqual(['c', 'd', 'e']);
    expect([2, 3, 4].map((seq) => store.isStderr(seq))).toEqual([true, false, false]);
  });

  it('decodes compact times to the engine format, nanoseconds included', () => {
    const store = new LogStore(10);
    store.append({ text: 'a\nb\nc', time: { seconds: 1_704_067_200, nanos: 999_999_999, deltas: [0, 2, 1_000_000_000] }, stderr: [] });
    expect([0, 1, 2].map((seq) => store.timestampAt(seq))).toEqual([
      '2024-01-01T00:00:00.999999999Z',
      '2024-01-01T00:00:01.000000001Z',
      '2024-01-01T00:00:02.000000001Z',
    ]);
  });

  it('remembers the resume point across a clear', () => {
    const store = new LogStore(10);
    store.append(batch(['a'], [], 1));
    store.append(batch(['b', 'c'], [], 2));
    store.clear();
    expect(store.size).toBe(0);
    expect(store.dropped).toBe(0);
    expect(store.resumePoint).toEqual({ timestamp: '2024-01-01T00:00:02.000000000Z', linesAtTimestamp: 2 });
  });
});

describe('search', () => {
  it('explains an invalid regular expression instead of throwing', () => {
    const compiled = compileQuery({ text: 'a(b', regex: true, caseSensitive: false });
    expect(compiled).toMatchObject({ ok: false });
    expect(compiled && !compiled.ok && compiled.message).toMatch(/Not a valid regular expression/);
    expect(compileQuery({ text: 'x*', regex: true, caseSensitive: false })).toMatchObject({ ok: false });
  });

  it('treats plain text literally and honours the case toggle', () => {
    const plain = compileQuery({ text: 'a.b', regex: false, caseSensitive: true });
    expect(plain?.ok && plain.test.test('xa.bx')).toBe(true);
    expect(plain?.ok && plain.test.test('aXb')).toBe(false);
    expect(plain?.ok && plain.test.test('A.B')).toBe(false);
    const insensitive = compileQuery({ text: 'a.b', regex: false, caseSensitive: false });
    expect(insensitive?.ok && insensitive.test.test('A.B')).toBe(true);
  });

  it('finds every match in a line, ignoring ANSI escapes', () => {
    const compiled = compileQuery({ text: 'er+', regex: true, caseSensitive: false });
    if (!compiled?.ok) throw new Error('expected a valid query');
    expect(plainText('\u001b[31merror\u001b[0m: ERR')).toBe('error: ERR');
    expect(matchRanges(plainText('\u001b[31merror\u001b[0m: ERR'), compiled.all)).toEqual([
      [0, 3],
      [7, 10],
    ]);
  });

  it('keeps an index of matching lines up to date as lines arrive and are dropped', () => {
    const store = new LogStore(4);
    const index = new SeqIndex(store, (seq) => store.textAt(seq).startsWith('m'));
    store.append(batch(['m1', 'x', 'm2']));
    index.update();
    expect([index.count, index.seqAt(0), index.seqAt(1)]).toEqual([2, 0, 2]);
    store.append(batch(['x', 'm3']));
    index.update();
    expect(Array.from({ length: index.count }, (_, i) => index.seqAt(i))).toEqual([2, 4]);
    expect(index.indexOf(3)).toBe(1);
  });
});

describe('ANSI rendering', () => {
  it('turns escape sequences into styles and never shows them', () => {
    const runs = ansiRuns('\u001b[1;31mred bold\u001b[0m plain');
    expect(runs.map((r) => r.text).join('')).toBe('red bold plain');
    expect(runs[0]!.style).toMatchObject({ color: 'rgb(187, 0, 0)', fontWeight: 700 });
    expect(runs[1]!.style).toBeUndefined();
  });

  it('marks search matches across styled runs', () => {
    const segments = withMatches(ansiRuns('\u001b[32mab\u001b[0mcd'), [[1, 3]]);
    expect(segments.map((s) => [s.text, s.match])).toEqual([
      ['a', false],
      ['b', true],
      ['c', true],
      ['d', false],
    ]);
  });
});
