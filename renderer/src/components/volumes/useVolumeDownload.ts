import { useCallback, useEffect, useRef, useState } from 'react';
import { downloadFromVolume, type DownloadHandle, type DownloadProgress } from './volume-download';

export interface VolumeDownloadState {
  progress: DownloadProgress | undefined;
  /** The last download's outcome, for the status line. */
  outcome: { ok: boolean; message: string } | undefined;
  running: boolean;
  start(name: string, path: string, format: 'file' | 'tar.gz'): void;
  cancel(): void;
}

/** One download at a time from a volume, with progress and a cancel; cancelled when the page goes away. */
export function useVolumeDownload(): VolumeDownloadState {
  const [progress, setProgress] = useState<DownloadProgress>();
  const [outcome, setOutcome] = useState<{ ok: boolean; message: string }>();
  const [running, setRunning] = useState(false);
  const handle = useRef<DownloadHandle>(undefined);
  const lastFileName = useRef<string>(undefined);

  useEffect(() => () => handle.current?.cancel(), []);

  const start = useCallback((name: string, path: string, format: 'file' | 'tar.gz') => {
    handle.current?.cancel();
    setOutcome(undefined);
    setProgress(undefined);
    setRunning(true);
    lastFileName.current = undefined;
    const current = downloadFromVolume({ name, path, format }, (next) => {
      lastFileName.current = next.fileName;
      setProgress(next);
    });
    handle.current = current;
    current.done.then(
      () => {
        if (handle.current !== current) return;
        setRunning(false);
        setOutcome({ ok: true, message: `Downloaded ${lastFileName.current ?? 'the file'}.` });
      },
      (err: Error) => {
        if (handle.current !== current) return;
        setRunning(false);
        setOutcome({ ok: false, message: err.message });
      },
    );
  }, []);

  const cancel = useCallback(() => handle.current?.cancel(), []);

  return { progress, outcome, running, start, cancel };
}
