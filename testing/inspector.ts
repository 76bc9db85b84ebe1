/**
 * Reads a Node process's heap from outside, through the V8 inspector it opens with `--inspect=127.0.0.1:0`
 * (it prints "Debugger listening on ws://…" on stderr). Nothing is added to Berth for this: the storm test and the
 * soak measure the real server process, after a real forced GC.
 */
import WebSocket from 'ws';

export interface InspectorSession {
  /** Any inspector protocol call (a CPU profile: Profiler.enable, .start, .stop). */
  send(method: string, params?: object): Promise<unknown>;
  /** V8's used heap in bytes after two full garbage collections. */
  heapAfterGc(): Promise<number>;
  close(): void;
}

export function inspectorUrl(output: string): string | undefined {
  return /Debugger listening on (ws:\/\/\S+)/.exec(output)?.[1];
}

export async function connectInspector(url: string): Promise<InspectorSession> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  socket.on('message', (raw) => {
    const message = JSON.parse(raw.toString()) as { id?: number; result?: unknown; error?: { message: string } };
    if (message.id === undefined) return;
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.error) waiter?.reject(new Error(message.error.message));
    else waiter?.resolve(message.result);
  });
  const send = (method: string, params: object = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ id, method, params }));
    });
  return {
    send,
    heapAfterGc: async () => {
      await send('HeapProfiler.collectGarbage');
      await send('HeapProfiler.collectGarbage');
      const usage = (await send('Runtime.getHeapUsage')) as { usedSize: number };
      return usage.usedSize;
    },
    close: () => socket.close(),
  };
}
