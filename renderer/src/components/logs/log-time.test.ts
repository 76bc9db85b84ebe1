import { describe, expect, it } from 'vitest';
import { formatLogTime } from '../../../../common/contract/logs';
import { formatLocalLogTime } from './log-time';

describe('formatLocalLogTime', () => {
  it('shows the local wall clock with milliseconds, where the engine gives UTC with nanoseconds', () => {
    const seconds = Date.UTC(2026, 10, 30, 2, 25, 13) / 1000;
    const local = new Date(seconds * 1000 + 123);
    const expected = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')} ${String(local.getHours()).padStart(2, '0')}:${String(local.getMinutes()).padStart(2, '0')}:13.123`;
    expect(formatLocalLogTime(seconds, 123_456_789)).toBe(expected);
    expect(formatLogTime(seconds, 123_456_789)).toBe('2026-11-30T02:25:13.123456789Z');
  });
});
