import type { SourcedLine } from './logs-batcher';

function byTimestamp(a: SourcedLine, b: SourcedLine): number {
  return a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : a.source - b.source;
}

/**
 * Interleaves several time-ordered line sources into one time-ordered sequence without reading any source further
 * ahead than needed: a line is released only once every unfinished source has shown a line at least as late.
 * A single source passes straight through.
 */
export async function* mergeByTime(sources: AsyncIterator<SourcedLine[]>[]): AsyncGenerator<SourcedLine[]> {
  if (sources.length === 1) {
    const only = sources[0]!;
    for (let next = await only.next(); !next.done; next = await only.next()) yield next.value;
    return;
  }
  const queues: SourcedLine[][] = sources.map(() => []);
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
    let bound: string | undefined;
    queues.forEach((queue, i) => {
      const last = queue[queue.length - 1];
      if (!done[i] && last && (bound === undefined || last.timestamp < bound)) bound = last.timestamp;
    });
    const released: SourcedLine[] = [];
    queues.forEach((queue, i) => {
      let take = 0;
      while (take < queue.length && (bound === undefined || queue[take]!.timestamp <= bound)) take++;
      for (let k = 0; k < take; k++) released.push(queue[k]!);
      queues[i] = queue.slice(take);
    });
    released.sort(byTimestamp);
    yield released;
  }
}
