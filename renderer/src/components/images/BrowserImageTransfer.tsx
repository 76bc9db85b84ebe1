import { useRef, useState } from 'react';
import { FormField } from '../FormField';
import { inputClass, Modal } from '../Modal';
import { ByteProgress } from './ProgressBar';

/** The browser-mode server's HTTP routes for image archives (main/serve/image-transfers.ts). */
const SAVE_PATH = '/transfer/images/save';
const LOAD_PATH = '/transfer/images/load';

/** The address of `docker save` for these images, as a download the browser streams to disk. */
export function imageSaveUrl(references: string[]): string {
  return `${SAVE_PATH}?${references.map((ref) => `ref=${encodeURIComponent(ref)}`).join('&')}`;
}

/** Save in browser mode: the archive downloads through the browser, into its downloads folder (or where it asks). */
export function BrowserSaveDialog({ reference, onClose }: { reference: string; onClose(): void }) {
  const [started, setStarted] = useState(false);
  const start = () => {
    if (started) return onClose();
    const link = document.createElement('a');
    link.href = imageSaveUrl([reference]);
    link.download = '';
    document.body.append(link);
    link.click();
    link.remove();
    setStarted(true);
  };
  return (
    <Modal title={`Save ${reference}`} submitLabel={started ? 'Close' : 'Download .tar'} onSubmit={start} onClose={onClose}>
      <p>The image is saved as a .tar archive (as docker save makes it) through your browser, which shows its progress in its downloads.</p>
      {started ? <p role="status">The download has started.</p> : null}
    </Modal>
  );
}

type LoadState = { kind: 'idle' } | { kind: 'sending'; sent: number; total: number } | { kind: 'loading' } | { kind: 'done'; loaded: string[] } | { kind: 'failed'; message: string };

/** Load in browser mode: a .tar picked in the browser is streamed to the engine as it is read, with progress. */
export function BrowserLoadDialog({ onClose }: { onClose(): void }) {
  const [file, setFile] = useState<File>();
  const [state, setState] = useState<LoadState>({ kind: 'idle' });
  const request = useRef<XMLHttpRequest>(undefined);
  const busy = state.kind === 'sending' || state.kind === 'loading';

  const submit = () => {
    if (state.kind === 'done') return onClose();
    if (!file) return setState({ kind: 'failed', message: 'Pick a .tar file made by docker save.' });
    // XMLHttpRequest, not fetch: it reports upload progress, and sends the file from disk as it goes.
    const xhr = new XMLHttpRequest();
    request.current = xhr;
    xhr.open('POST', `${LOAD_PATH}?name=${encodeURIComponent(file.name)}`);
    xhr.upload.onprogress = (event) => setState({ kind: 'sending', sent: event.loaded, total: event.total || file.size });
    xhr.upload.onload = () => setState({ kind: 'loading' });
    xhr.onerror = () => setState({ kind: 'failed', message: 'The upload to Berth was cut off. Is Berth still running?' });
    xhr.onload = () => {
      let body: { loaded?: string[]; error?: { message: string } } = {};
      try {
        body = JSON.parse(xhr.responseText) as typeof body;
      } catch {
        body = { error: { message: `Berth answered ${xhr.status}.` } };
      }
      setState(body.loaded ? { kind: 'done', loaded: body.loaded } : { kind: 'failed', message: body.error?.message ?? `Berth answered ${xhr.status}.` });
    };
    setState({ kind: 'sending', sent: 0, total: file.size });
    xhr.send(file);
  };

  return (
    <Modal
      title="Load images from a .tar"
      submitLabel={state.kind === 'done' ? 'Close' : busy ? 'Loading' : state.kind === 'failed' && file ? 'Try again' : 'Load'}
      submitting={busy}
      onSubmit={submit}
      onClose={() => {
        request.current?.abort();
        onClose();
      }}
      error={state.kind === 'failed' ? `The load failed: ${state.message}` : undefined}
    >
      <FormField id="load-file" label="File" note="A .tar made by docker save (or Berth's Save), from this computer.">
        <input
          id="load-file"
          type="file"
          accept=".tar,.tar.gz,.tgz,application/x-tar"
          disabled={busy}
          className={inputClass}
          onChange={(event) => {
            setFile(event.target.files?.[0]);
            setState({ kind: 'idle' });
          }}
        />
      </FormField>
      {state.kind === 'sending' ? (
        <ByteProgress done={state.sent} total={state.total} verb="sent" label="Load progress" />
      ) : null}
      {state.kind === 'loading' ? <p role="status">The engine is loading the images…</p> : null}
      {state.kind === 'done' ? (
        <div role="status">
          <p>Loaded:</p>
          <ul className="list-inside list-disc font-mono text-xs">
            {state.loaded.map((name) => (
              <li key={name}>{name}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </Modal>
  );
}
