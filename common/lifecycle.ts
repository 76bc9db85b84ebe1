/**
 * One shape for everything that must be released (after VS Code's `base/common/lifecycle.ts`): a listener, a timer,
 * a cache, a child service. An owner registers each in one `DisposableStore` and disposes the store when it stops,
 * so "nothing outlives its owner" is one call, and a test can check it.
 */
export interface IDisposable {
  dispose(): void;
}

/** Wraps a cleanup function (such as the `() => void` an `onX(listener)` returns) as a disposable; runs it once. */
export function toDisposable(cleanup: () => unknown): IDisposable {
  let done = false;
  return {
    dispose() {
      if (done) return;
      done = true;
      cleanup();
    },
  };
}

/** Holds disposables and disposes them all, newest first, once. Anything added after that is disposed at once. */
export class DisposableStore implements IDisposable {
  private readonly items = new Set<IDisposable>();
  private disposed = false;

  constructor(private readonly onError: (error: unknown) => void = () => undefined) {}

  get isDisposed(): boolean {
    return this.disposed;
  }

  get size(): number {
    return this.items.size;
  }

  add<T extends IDisposable>(item: T): T {
    if (this.disposed) this.disposeOne(item);
    else this.items.add(item);
    return item;
  }

  /** Registers a cleanup function; returns it as a disposable. */
  addCleanup(cleanup: () => unknown): IDisposable {
    return this.add(toDisposable(cleanup));
  }

  /** Disposes every item (a failing one does not stop the others; its error goes to `onError`). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const items = [...this.items].reverse();
    this.items.clear();
    for (const item of items) this.disposeOne(item);
  }

  private disposeOne(item: IDisposable): void {
    try {
      item.dispose();
    } catch (error) {
      this.onError(error);
    }
  }
}
