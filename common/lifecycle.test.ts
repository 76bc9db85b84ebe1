import { describe, expect, it } from 'vitest';
import { DisposableStore, toDisposable } from './lifecycle';

describe('DisposableStore', () => {
  it('disposes everything once, newest first, even when one fails', () => {
    const order: string[] = [];
    const errors: unknown[] = [];
    const store = new DisposableStore((error) => errors.push(error));
    store.addCleanup(() => order.push('a'));
    store.add({
      dispose: () => {
        throw new Error('b failed');
      },
    });
    store.add(toDisposable(() => order.push('c')));
    expect(store.size).toBe(3);
    store.dispose();
    store.dispose();
    expect(order).toEqual(['c', 'a']);
    expect(errors).toHaveLength(1);
    expect(store.isDisposed).toBe(true);
    expect(store.size).toBe(0);
  });

  it('disposes at once what is added after it was disposed', () => {
    const store = new DisposableStore();
    store.dispose();
    let disposed = 0;
    store.addCleanup(() => disposed++);
    expect(disposed).toBe(1);
  });

  it('runs a wrapped cleanup once', () => {
    let runs = 0;
    const disposable = toDisposable(() => runs++);
    disposable.dispose();
    disposable.dispose();
    expect(runs).toBe(1);
  });
});
