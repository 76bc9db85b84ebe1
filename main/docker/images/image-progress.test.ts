import { describe, expect, it } from 'vitest';
import { TransferTracker } from './image-progress';

describe('TransferTracker', () => {
  it('weighs layers by size through download and extraction', () => {
    const tracker = new TransferTracker();
    tracker.apply({ status: 'Pulling from ns/app', id: 'latest' });
    tracker.apply({ status: 'Pulling fs layer', id: 'a' });
    tracker.apply({ status: 'Pulling fs layer', id: 'b' });
    tracker.apply({ status: 'Downloading', id: 'a', progressDetail: { current: 300, total: 300 } });
    tracker.apply({ status: 'Downloading', id: 'b', progressDetail: { current: 50, total: 100 } });
    let snapshot = tracker.snapshot();
    expect(snapshot.layers.map((layer) => layer.id)).toEqual(['a', 'b']);
    expect(snapshot.layers[1]!.fraction).toBeCloseTo(0.25);
    expect(snapshot.overall).toBeCloseTo((300 * 0.5 + 100 * 0.25) / 400);
    expect(snapshot.status).toBe('Pulling from ns/app');
    tracker.apply({ status: 'Extracting', id: 'a', progressDetail: { current: 150, total: 300 } });
    tracker.apply({ status: 'Pull complete', id: 'b' });
    snapshot = tracker.snapshot();
    expect(snapshot.layers[0]!.fraction).toBeCloseTo(0.75);
    expect(snapshot.layers[1]!.fraction).toBe(1);
    tracker.apply({ status: `Digest: sha256:${'c'.repeat(64)}` });
    expect(tracker.snapshot('done')).toMatchObject({ kind: 'done', overall: 1, digest: `sha256:${'c'.repeat(64)}` });
  });

  it('throws the error carried inside the stream, classified', () => {
    const tracker = new TransferTracker();
    expect(() => tracker.apply({ error: 'x', errorDetail: { message: 'manifest for a:b not found: manifest unknown' } })).toThrow(/no such tag/);
    expect(() => tracker.apply({ errorDetail: { message: 'unauthorized: authentication required' } })).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  it('never lets a layer go backwards', () => {
    const tracker = new TransferTracker();
    tracker.apply({ status: 'Pushing', id: 'a', progressDetail: { current: 80, total: 100 } });
    tracker.apply({ status: 'Pushing', id: 'a', progressDetail: { current: 10, total: 100 } });
    expect(tracker.snapshot().layers[0]!.fraction).toBeCloseTo(0.8);
  });
});
