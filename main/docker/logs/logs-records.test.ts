import { describe, expect, it } from 'vitest';
import { formatLogTime } from '../../../common/contract/logs';
import { LineAssembler } from './logs-lines';
import { createMultiplexedParser, createRawParser, type RecordParser, type RecordSink } from './logs-records';
import { compareTimes, parseTime, toEngineTime } from './logs-time';

const TS1 = '2024-05-01T12:00:00.000000001Z';
const TS2 = '2024-05-01T12:00:00.5Z';
/** TS2 as Berth shows it, the fraction padded to nine digits. */
const TS2_SHOWN = '2024-05-01T12:00:00.500000000Z';

function frame(type: 1 | 2, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(body.length, 4);
  return Buffer.concat([header, body]);
}

interface ParsedLine {
  stream: number;
  timestamp: string;
  text: string;
}

function parseAll(make: (onRecord: RecordSink) => RecordParser, bytes: Buffer, chunkSize: number): ParsedLine[] {
  const lines: ParsedLine[] = [];
  const assembler = new LineAssembler((line) => lines.push({ stream: line.stream, timestamp: formatLogTime(line.seconds, line.nanos), text: line.text }));
  const parser = make((stream, seconds, nanos, chunk, start, end) => assembler.push(stream, seconds, nanos, chunk, start, end));
  for (let i = 0; i < bytes.length; i += chunkSize) parser.push(bytes.subarray(i, i + chunkSize));
  assembler.end();
  return lines;
}

describe('multiplexed log frames', () => {
  const bytes = Buffer.concat([
    frame(1, `${TS1} héllo wörld €\n`),
    frame(2, `${TS2} oops\n`),
    frame(1, `${TS2} 😀 last`),
  ]);

  it.each([1, 2, 3, 7, 1000])('gives the same lines whatever the chunk size (%i bytes)', (size) => {
    expect(parseAll(createMultiplexedParser, bytes, size)).toEqual([
      { stream: 0, timestamp: TS1, text: 'héllo wörld €' },
      { stream: 1, timestamp: TS2_SHOWN, text: 'oops' },
      { stream: 0, timestamp: TS2_SHOWN, text: '😀 last' },
    ]);
  });

  it('joins partial messages of one stream even when the other stream interleaves', () => {
    const euro = Buffer.from('€');
    const first = Buffer.concat([Buffer.from(`${TS1} abc`), euro.subarray(0, 2)]);
    const second = Buffer.concat([Buffer.from(`${TS2} `), euro.subarray(2), Buffer.from('def\n')]);
    const lines = parseAll(createMultiplexedParser, Buffer.concat([frame(1, first), frame(2, `${TS2} err\n`), frame(1, second)]), 5);
    expect(lines).toEqual([
      { stream: 1, timestamp: TS2_SHOWN, text: 'err' },
      { stream: 0, timestamp: TS1, text: 'abc€def' },
    ]);
  });
  it('refuses a frame far larger than the engine ever sends, instead of buffering for it', () => {
    const header = Buffer.alloc(8);
    header[0] = 1;
    header.writeUInt32BE(0x7fffffff, 4);
    expect(() => parseAll(createMultiplexedParser, Buffer.concat([header, Buffer.from('HTTP/1.1 200 OK')]), 100)).toThrow(/malformed log stream/);
  });
});

describe('raw (TTY) log stream', () => {
  it('splits on newlines, strips the carriage return and keeps each line its timestamp', () => {
    const bytes = Buffer.from(`${TS1} one\r\n${TS2} twö\r\n`);
    for (const size of [1, 4, 100]) {
      expect(parseAll(createRawParser, bytes, size)).toEqual([
        { stream: 0, timestamp: TS1, text: 'one' },
        { stream: 0, timestamp: TS2_SHOWN, text: 'twö' },
      ]);
    }
  });

  it('joins 16 KiB partial messages whose next timestamp follows the content directly', () => {
    const long = 'x'.repeat(16 * 1024);
    const bytes = Buffer.from(`${TS1} ${long}${TS2} ${long}${TS2} end\r\n${TS2} next\r\n`);
    for (const size of [3, 4096, 1 << 20]) {
      const lines = parseAll(createRawParser, bytes, size);
      expect(lines.map((l) => [l.timestamp, l.text.length])).toEqual([
        [TS1, 2 * long.length + 3],
        [TS2_SHOWN, 4],
      ]);
    }
  });

  it('treats a line of exactly 16 KiB as a line', () => {
    const exact = 'y'.repeat(16 * 1024);
    const bytes = Buffer.from(`${TS1} ${exact}\n${TS2} after\n`);
    for (const size of [16 * 1024 + TS1.length + 1, 5, 1 << 20]) {
      expect(parseAll(createRawParser, bytes, size).map((l) => l.text)).toEqual([exact, 'after']);
    }
  });
});

describe('log times', () => {
  const shown = (text: string) => {
    const time = parseTime(text);
    return time && formatLogTime(time.seconds, time.nanos);
  };

  it('reads the fraction to the nanosecond and pads it', () => {
    expect(shown('2024-05-01T12:00:05.1Z')).toBe('2024-05-01T12:00:05.100000000Z');
    expect(shown('2024-05-01T12:00:05Z')).toBe('2024-05-01T12:00:05.000000000Z');
    expect(shown('2024-05-01T12:00:05.123456789Z')).toBe('2024-05-01T12:00:05.123456789Z');
    expect(compareTimes(parseTime('2024-05-01T12:00:05.1Z')!, parseTime('2024-05-01T12:00:05.09Z')!)).toBeGreaterThan(0);
  });

  it('agrees with Date.parse across centuries, leap days and zones', () => {
    for (const text of ['1970-01-01T00:00:00Z', '1969-12-31T23:59:59Z', '2000-02-29T23:59:59Z', '2100-03-01T00:00:00Z', '2024-05-01T12:00:05+02:00', '2024-05-01T12:00:05-09:30', '1600-01-01T00:00:00Z']) {
      expect(parseTime(text)!.seconds * 1000, text).toBe(Date.parse(text));
    }
    for (let i = 0; i < 1000; i++) {
      const millis = Math.floor((Math.random() - 0.3) * 4e12);
      const iso = new Date(millis).toISOString();
      const time = parseTime(iso)!;
      expect(time.seconds * 1000 + time.nanos / 1e6, iso).toBe(millis);
    }
  });

  it('takes a time without seconds or zone as UTC, and refuses what is not a real time', () => {
    expect(shown('2024-05-01T12:00')).toBe('2024-05-01T12:00:00.000000000Z');
    for (const bad of ['2024-02-30T00:00:00Z', '2023-02-29T00:00:00Z', '2024-13-01T00:00:00Z', '2024-05-01T24:00:00Z', '2024-05-01T12:00:00.Z', '2024-05-01 12:00:00Z', 'yesterday', '2024-05-01T12:00:0\u0131Z']) {
      expect(parseTime(bad), bad).toBeUndefined();
    }
  });

  it('converts to the engine time format with nanoseconds', () => {
    expect(toEngineTime(parseTime('1970-01-01T00:00:10.000000042Z')!)).toBe('10.000000042');
    expect(toEngineTime(parseTime('1970-01-01T01:00:00+01:00')!)).toBe('0.000000000');
    expect(toEngineTime(parseTime('1970-01-01T00:01')!)).toBe('60.000000000');
    expect(toEngineTime(parseTime('1969-12-31T23:59:59.5Z')!)).toBe('-1.500000000');
  });
});
