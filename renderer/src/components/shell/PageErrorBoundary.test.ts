import { describe, expect, it, vi } from 'vitest';
import { isChunkLoadError, reloadOnceForChunk } from './PageErrorBoundary';

function memoryStorage() {
  const values = new Map<string, string>();
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value) };
}

describe('a page whose script did not arrive', () => {
  it('is told apart from other page errors by the messages Chromium, Firefox and Safari give', () => {
    expect(isChunkLoadError(new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1:1/assets/x.js'))).toBe(true);
    expect(isChunkLoadError(new TypeError('error loading dynamically imported module'))).toBe(true);
    expect(isChunkLoadError(new TypeError('Importing a module script failed.'))).toBe(true);
    expect(isChunkLoadError(new Error("Cannot read properties of undefined (reading 'map')"))).toBe(false);
  });

  it('reloads once, and not again within the guard time, so a lasting failure is shown instead of a reload loop', () => {
    const storage = memoryStorage();
    const reload = vi.fn();
    expect(reloadOnceForChunk(storage, reload, 1_000_000)).toBe(true);
    expect(reloadOnceForChunk(storage, reload, 1_010_000)).toBe(false);
    expect(reload).toHaveBeenCalledTimes(1);
    expect(reloadOnceForChunk(storage, reload, 1_040_000)).toBe(true);
    expect(reload).toHaveBeenCalledTimes(2);
  });
});
