import { describe, expect, it } from 'vitest';
import { collectDownload, type DownloadProgress, type DownloadStreamHandlers } from './download-stream';
import { bytesToBase64 } from '../../lib/files';

const b64 = (text: string) => bytesToBase64(new TextEncoder().encode(text));

/** A stream the test drives by hand, as the api client's subscribe would. */
function fakeStream() {
  const stream = { handlers: undefined as DownloadStreamHandlers | undefined, unsubscribed: false };
  const subscribe = (handlers: DownloadStreamHandlers) => {
    stream.handlers = handlers;
    return { unsubscribe: () => void (stream.unsubscribed = true) };
  };
  return { stream, subscribe };
}

describe('collectDownload', () => {
  it('assembles the chunks after the last start into a Blob of the stream\'s type, counting bytes when the stream does not', async () => {
    const { stream, subscribe } = fakeStream();
    const seen: DownloadProgress[] = [];
    const download = collectDownload(subscribe, (progress) => seen.push(progress), 'ended early');
    stream.handlers!.onEvent({ type: 'start', fileName: 'a.txt', contentType: 'text/plain' });
    stream.handlers!.onEvent({ type: 'chunk', base64: b64('broken attempt') });
    // A reconnect re-opens the stream: what came before the new start is dropped.
    stream.handlers!.onEvent({ type: 'start', fileName: 'a.txt', contentType: 'text/plain' });
    stream.handlers!.onEvent({ type: 'chunk', base64: b64('hello ') });
    stream.handlers!.onEvent({ type: 'chunk', base64: b64('world') });
    stream.handlers!.onEvent({ type: 'done' });
    stream.handlers!.onEnd();
    const file = await download.done;
    expect(file.fileName).toBe('a.txt');
    expect(file.blob.type).toBe('text/plain');
    expect(await file.blob.text()).toBe('hello world');
    expect(seen.at(-1)).toEqual({ fileName: 'a.txt', sentBytes: 11, totalBytes: undefined });
  });

  it('reports the stream\'s own byte counts and total', async () => {
    const { stream, subscribe } = fakeStream();
    const seen: DownloadProgress[] = [];
    const download = collectDownload(subscribe, (progress) => seen.push(progress), 'ended early');
    stream.handlers!.onEvent({ type: 'start', fileName: 'v.tar.gz', contentType: 'application/gzip', totalBytes: 100 });
    stream.handlers!.onEvent({ type: 'chunk', base64: b64('x'), sentBytes: 40 });
    stream.handlers!.onEvent({ type: 'done' });
    await download.done;
    expect(seen.map((progress) => progress.sentBytes)).toEqual([0, 40, 40]);
    expect(seen[0]!.totalBytes).toBe(100);
  });

  it('rejects with the given sentence when the stream ends before done, and with the stream\'s error when it fails', async () => {
    const early = fakeStream();
    const download = collectDownload(early.subscribe, () => undefined, '/etc/hosts ended before the whole file arrived.');
    early.stream.handlers!.onEvent({ type: 'start', fileName: 'hosts', contentType: 'application/octet-stream' });
    early.stream.handlers!.onEnd();
    await expect(download.done).rejects.toThrow('/etc/hosts ended before the whole file arrived.');

    const failing = fakeStream();
    const failed = collectDownload(failing.subscribe, () => undefined, 'ended early');
    failing.stream.handlers!.onEnd(new Error('The engine stopped.'));
    await expect(failed.done).rejects.toThrow('The engine stopped.');
  });

  it('cancel stops the stream and rejects', async () => {
    const { stream, subscribe } = fakeStream();
    const download = collectDownload(subscribe, () => undefined, 'ended early');
    download.cancel();
    expect(stream.unsubscribed).toBe(true);
    await expect(download.done).rejects.toThrow('Download cancelled.');
  });
});
