import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { Card } from './Card';

const MAX_LINES = 2000;
const TAIL_LINES = 300;

export interface LogTailCardProps {
  /** The stream that tails the file: the managed engine's log or the VM's console. */
  stream: 'engine.managed.log' | 'vm.log';
  title: string;
  logFile: string;
  testId: string;
  /** Shown while the file has no lines yet. */
  emptyText: string;
  /** Lines to set apart, e.g. the guest's own step markers on the VM console. */
  highlight?: (line: string) => boolean;
}

/** A log file tailed live. Scrolled to the end while the user is at the end; left alone otherwise. */
export function LogTailCard({ stream, title, logFile, testId, emptyText, highlight }: LogTailCardProps) {
  const [lines, setLines] = useState<string[]>([]);
  const [ended, setEnded] = useState<string>();
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  useEffect(() => {
    const subscription = api.subscribe(stream, { tailLines: TAIL_LINES }, {
      onEvent: (chunk) => {
        setEnded(undefined);
        // The first batch of every (re)subscription is the current tail: it replaces what we had, never duplicates it.
        setLines((previous) => (chunk.initial ? chunk.lines : [...previous, ...chunk.lines]).slice(-MAX_LINES));
      },
      onEnd: (error) => setEnded(error?.message ?? 'The log stream ended.'),
    });
    return () => subscription.unsubscribe();
  }, [stream]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [lines]);

  return (
    <Card title={title} label={title} className="lg:col-span-2" actions={<code className="font-mono text-xs text-slate-500 dark:text-slate-400">{logFile}</code>}>
      <div
        ref={scroller}
        data-testid={testId}
        onScroll={(event) => {
          const element = event.currentTarget;
          following.current = element.scrollTop + element.clientHeight >= element.scrollHeight - 8;
        }}
        className="h-72 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-200"
      >
        {lines.length === 0 ? <p className="text-slate-400">{emptyText}</p> : null}
        {lines.map((line, index) => (
          <div key={index} className={`break-all whitespace-pre-wrap ${highlight?.(line) ? 'text-cyan-300' : ''}`}>
            {line}
          </div>
        ))}
      </div>
      {ended ? <p className="mt-2 text-xs text-slate-500">{ended}</p> : null}
    </Card>
  );
}
