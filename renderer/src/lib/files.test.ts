import { describe, expect, it } from 'vitest';
import { base64ToBytes, sendInChunks, type ChunkedTransfer } from './files';

function recorder(failOnChunk?: number) {
  const calls: string[] = [];
  const transfer: ChunkedTransfer = {
    chunk: async (base64) => {
      if (calls.filter((call) => call.startsWith('chunk')).length === failOnChunk) throw new Error('chunk refused');
      calls.push(`chunk ${new TextDecoder().decode(base64ToBytes(base64))}`);
    },
    finish: async () => void calls.push('finish'),
    cancel: async () => void calls.push('cancel'),
  };
  return { calls, transfer };
}

describe('sendInChunks', () => {
  it('sends the file chunk by chunk, reports the bytes sent, then finishes', async () => {
    const { calls, transfer } = recorder();
    const progress: number[] = [];
    await sendInChunks(new Blob(['abcdefg']), 3, transfer, (sent) => progress.push(sent));
    expect(calls).toEqual(['chunk abc', 'chunk def', 'chunk g', 'finish']);
    expect(progress).toEqual([3, 6, 7]);
  });

  it('cancels the transfer when a chunk fails, and passes the failure on', async () => {
    const { calls, transfer } = recorder(1);
    await expect(sendInChunks(new Blob(['abcdefg']), 3, transfer, () => undefined)).rejects.toThrow('chunk refused');
    expect(calls).toEqual(['chunk abc', 'cancel']);
  });

  it('cancels the transfer when aborted between chunks', async () => {
    const { calls, transfer } = recorder();
    const controller = new AbortController();
    await expect(sendInChunks(new Blob(['abcdefg']), 3, transfer, () => controller.abort(), controller.signal)).rejects.toThrow();
    expect(calls).toEqual(['chunk abc', 'cancel']);
  });
});
