import { describe, expect, it } from 'vitest';
import { forEachLogTime, formatLogTime, logLineTexts, type LogLines } from '../../../common/contract/logs';
import { LogBatcher } from './logs-batcher';
import type { LogLine } from './logs-lines';
import { STDERR, STDOUT } from './logs-records';
import { parseTime } from './logs-time';

function line(timestamp: string, text: string, stream: typeof STDOUT | typeof STDERR = STDOUT, source = 0): LogLine & { timestamp: string } {
  return { timestamp, ...parseTime(timestamp)!, text, stream, source };
}

function decode(batches: LogLines[]): string[] {
  return batches.flatMap((batch) => {
    const out: string[] = [];
    const stderr = new Set(batch.stderr);
    const texts = logLineTexts(batch);
    expect(texts).toHaveLength(batch.time.deltas.length);
    forEachLogTime(batch.time, (seconds, nanos, i) => {
      out.push(`${formatLogTime(seconds, nanos)} ${stderr.has(i) ? 'E' : 'O'}${batch.source?.[i] ?? ''} ${texts[i]}`);
    });
    return out;
  });
}

const options = { intervalMs: 5, maxLines: 3, maxChars: 1000, window: 2, withSource: false, sortByTime: false };

describe('LogBatcher', () => {
  it('encodes times exactly, including gaps too large for one batch', async () => {
    const sent: LogLines[] = [];
    const batcher = new LogBatcher((seq, lines) => {
      sent.push(lines);
      queueMicrotask(() => batcher.ack(seq));
    }, options);
    const input = [
      line('2020-01-01T00:00:00.000000001Z', 'a'),
      line('2020-01-01T00:00:00.999999999Z', 'b', STDERR),
      // Four years later: beyond what one batch's nanosecond offsets can carry exactly.
      line('2024-01-01T00:00:00.000000000Z', 'c'),
      line('2024-01-01T00:00:00.000000000Z', 'd'),
    ];
    batcher.add(input);
    await batcher.drain();
    expect(decode(sent)).toEqual(input.map((l) => `${l.timestamp} ${l.stream === STDERR ? 'E' : 'O'} ${l.text}`));
    expect(sent.length).toBeGreaterThanOrEqual(2);
  });

  it('sends a view\'s first lines at once, and later ones in full batches or after the interval', () => {
    const sent: LogLines[] = [];
    const batcher = new LogBatcher((_, lines) => sent.push(lines), { ...options, intervalMs: 60_000, window: 10 });
    batcher.add([line('2024-01-01T00:00:00.000000000Z', 'first')]);
    expect(sent.map(logLineTexts)).toEqual([['first']]);
    batcher.add([line('2024-01-01T00:00:01.000000000Z', 'second')]);
    expect(sent).toHaveLength(1);
    batcher.add(['c', 'd'].map((text) => line('2024-01-01T00:00:02.000000000Z', text)));
    expect(sent.map(logLineTexts)).toEqual([['first'], ['second', 'c', 'd']]);
    batcher.close();
  });

  it('keeps empty lines apart in the joined text', async () => {
    const sent: LogLines[] = [];
    const batcher = new LogBatcher((_, lines) => sent.push(lines), { ...options, maxLines: 10 });
    const input = ['', '', ' ', 'x', ''].map((text) => line('2024-01-01T00:00:00.000000000Z', text));
    batcher.add(input);
    await batcher.drain();
    expect(sent).toHaveLength(1);
    expect(logLineTexts(sent[0]!)).toEqual(['', '', ' ', 'x', '']);
  });

  it('sends at most `window` batches until they are acknowledged', () => {
    const sent: number[] = [];
    const batcher = new LogBatcher((seq) => sent.push(seq), options);
    batcher.add(Array.from({ length: 12 }, (_, i) => line('2024-01-01T00:00:00.000000000Z', String(i))));
    expect(sent).toEqual([1, 2]);
    batcher.ack(1);
    expect(sent).toEqual([1, 2, 3]);
    batcher.close();
  });

  it('orders a merged batch by time and keeps each line its source', async () => {
    const sent: LogLines[] = [];
    const batcher = new LogBatcher((_, lines) => sent.push(lines), { ...options, maxLines: 10, withSource: true, sortByTime: true });
    batcher.add([line('2024-01-01T00:00:02.000000000Z', 'late', STDOUT, 1), line('2024-01-01T00:00:01.000000000Z', 'early', STDOUT, 0)]);
    await batcher.drain();
    expect(decode(sent)).toEqual(['2024-01-01T00:00:01.000000000Z O0 early', '2024-01-01T00:00:02.000000000Z O1 late']);
  });
});
