import type { LogLine } from './logs-lines';
import { compareTimes, type LogTime } from './logs-time';

function byTime(a: LogLine, b: LogLine): number {
  return compareTimes(a, b) || a.source - b.source;
}

/**
 * Interleaves several time-ordered line sources into one time-ordered sequence without reading any source further
 * ahead than needed: a line is released only once every unfinished source has shown a line at least as late.
 * A single source passes straight through.
 */
export async function* mergeByTime(sources: AsyncIterator<LogLine[]>[]): AsyncGenerator<LogLine[]> {
  if (sources.length === 1) {
    const only = sources[0]!;
    for (let next = await only.next(); !next.done; next = await only.next()) yield next.value;
    return;
  }
  const queues: LogLine[][] = sources.map(() => []);
  const done = sources.map(() => false);
  for (;;) {
    await Promise.all(
      sources.map(async (source, i) => {
        while (!done[i] && queues[i]!.length === 0) {
          const next = await source.next();
          if (next.done) done[i] = true;
          else queues[i] = next.value;
        }
      }),
    );
    if (queues.every((queue) => queue.length === 0)) return;
    // Every line up to the earliest "latest line seen" among unfinished sources is safe to release.
    let bound: LogTime | undefined;
    queues.forEach((queue, i) => {
      const last = queue[queue.length - 1];
      if (!done[i] && last && (bound === undefined || compareTimes(last, bound) < 0)) bound = last;
    });
    const released: LogLine[] = [];
    queues.forEach((queue, i) => {
      let take = 0;
      while (take < queue.length && (bound === undefined || compareTimes(queue[take]!, bound) <= 0)) take++;
      for (let k = 0; k < take; k++) released.push(queue[k]!);
      queues[i] = queue.slice(take);
    });
    released.sort(byTime);
    yield released;
  }
}
