import { describe, expect, it } from 'vitest';
import { humanDuration, liveStatus, parseHumanDuration } from './live-status';

describe('liveStatus', () => {
  const readAt = 1_000_000;
  it('ticks the age of a status line as docker ps would show it later', () => {
    expect(liveStatus('Up 18 seconds', readAt, readAt)).toBe('Up 18 seconds');
    expect(liveStatus('Up 18 seconds', readAt, readAt + 5_000)).toBe('Up 23 seconds');
    expect(liveStatus('Up 50 seconds', readAt, readAt + 15_000)).toBe('Up About a minute');
    expect(liveStatus('Up Less than a second', readAt, readAt + 3_000)).toBe('Up 3 seconds');
    expect(liveStatus('Exited (0) 8 minutes ago', readAt, readAt + 60_000)).toBe('Exited (0) 9 minutes ago');
    expect(liveStatus('Exited (137) 2 seconds ago', readAt, readAt + 1_000)).toBe('Exited (137) 3 seconds ago');
    expect(liveStatus('Up 3 minutes (healthy)', readAt, readAt + 120_000)).toBe('Up 5 minutes (healthy)');
    expect(liveStatus('Up 5 minutes (Paused)', readAt, readAt + 60_000)).toBe('Up 6 minutes (Paused)');
    expect(liveStatus('Restarting (1) 2 seconds ago', readAt, readAt + 2_000)).toBe('Restarting (1) 4 seconds ago');
  });

  it('leaves texts without an age alone', () => {
    expect(liveStatus('Created', readAt, readAt + 5_000)).toBe('Created');
    expect(liveStatus('Removal In Progress', readAt, readAt + 5_000)).toBe('Removal In Progress');
    expect(liveStatus('Dead', readAt, readAt + 5_000)).toBe('Dead');
  });

  it('reads and writes ages in Docker’s words', () => {
    expect(parseHumanDuration('About an hour')).toBe(3600);
    expect(parseHumanDuration('3 weeks')).toBe(3 * 7 * 86400);
    expect(humanDuration(1)).toBe('1 second');
    expect(humanDuration(3600 * 30)).toBe('30 hours');
    expect(humanDuration(86400 * 3)).toBe('3 days');
    expect(humanDuration(86400 * 20)).toBe('2 weeks');
    expect(humanDuration(86400 * 100)).toBe('3 months');
    expect(humanDuration(86400 * 800)).toBe('2 years');
  });
});
