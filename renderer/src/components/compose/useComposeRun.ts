import { useCallback, useRef, useState } from 'react';
import type { ComposeAction } from '../../../../common/contract/compose';
import { useStreamTask } from '../images/useStreamTask';

/** Output kept per run: enough for a long build, bounded so a chatty one cannot grow the page without end. */
const MAX_LINES = 5000;

export interface OutputLine {
  seq: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** Runs one Compose action at a time and keeps its command line and output for the output pane. */
export function useComposeRun(onFinished: () => void) {
  const [lines, setLines] = useState<OutputLine[]>([]);
  const [commandLine, setCommandLine] = useState<string>();
  const [label, setLabel] = useState<string>();
  const seq = useRef(0);
  const pending = useRef<OutputLine[]>([]);
  const flush = useRef<number | undefined>(undefined);
  const onFinishedRef = useRef(onFinished);
  onFinishedRef.current = onFinished;

  const task = useStreamTask('compose.run', (event) => {
    if (event.kind === 'command') setCommandLine(event.commandLine);
    if (event.kind === 'line') {
      pending.current.push({ seq: seq.current++, stream: event.stream, text: event.text });
      // Lines arrive in bursts (pulls, builds): one render per frame.
      flush.current ??= requestAnimationFrame(() => {
        flush.current = undefined;
        const batch = pending.current;
        pending.current = [];
        setLines((current) => current.concat(batch).slice(-MAX_LINES));
      });
    }
    if (event.kind === 'done') onFinishedRef.current();
  });

  const run = useCallback(
    (project: string, action: ComposeAction, what: string) => {
      setLines([]);
      pending.current = [];
      setCommandLine(undefined);
      setLabel(what);
      task.start({ project, action });
    },
    [task],
  );

  return { run, lines, commandLine, label, state: task.state, error: task.error, cancel: task.cancel };
}

export type ComposeRun = ReturnType<typeof useComposeRun>;
