import { useEffect, useRef, useState } from 'react';
import { ansiRuns } from '../logs/ansi-segments';
import { buttonClass } from '../Modal';
import type { ComposeRun } from './useComposeRun';

const STATE_TEXT = { idle: '', running: 'running…', done: 'done', failed: 'failed', cancelled: 'cancelled' } as const;

/** The command Berth ran (copyable) and its output with ANSI colours, following the end while it runs. */
export function OutputPane({ run }: { run: ComposeRun }) {
  const scroller = useRef<HTMLDivElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    const element = scroller.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [run.lines, run.error]);
  if (run.state === 'idle' && !run.commandLine) return null;
  const copy = () => {
    if (!run.commandLine) return;
    void navigator.clipboard.writeText(run.commandLine).then(() => {
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    });
  };
  return (
    <section aria-label="Compose output" className="rounded-lg border border-slate-200 dark:border-slate-800">
      <header className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 text-sm dark:border-slate-800">
        <span className="font-medium">{run.label}</span>
        <span data-testid="compose-run-state" data-state={run.state} className={run.state === 'failed' ? 'text-rose-600 dark:text-rose-400' : 'text-slate-500'}>
          {STATE_TEXT[run.state]}
        </span>
        <span className="flex-1" />
        {run.state === 'running' ? (
          <button type="button" className={buttonClass} onClick={run.cancel}>
            Cancel
          </button>
        ) : null}
      </header>
      {run.commandLine ? (
        <div className="flex items-center gap-2 border-b border-slate-200 bg-slate-50 px-3 py-1.5 dark:border-slate-800 dark:bg-slate-900">
          <code data-testid="compose-command" className="min-w-0 flex-1 overflow-x-auto whitespace-nowrap font-mono text-xs text-slate-700 dark:text-slate-300">
            $ {run.commandLine}
          </code>
          <button type="button" className="text-xs text-cyan-700 hover:underline dark:text-cyan-400" onClick={copy}>
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      ) : null}
      <div ref={scroller} data-testid="compose-output" className="max-h-72 min-h-24 overflow-auto bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-200">
        {run.lines.map((line) => (
          <div key={line.seq} className="whitespace-pre-wrap break-all">
            {ansiRuns(line.text).map((segment, index) => (
              <span key={index} style={segment.style}>
                {segment.text}
              </span>
            ))}
          </div>
        ))}
        {run.state === 'failed' && run.error ? (
          <pre role="alert" className="mt-2 whitespace-pre-wrap border-t border-rose-900 pt-2 text-rose-300">
            {run.error}
          </pre>
        ) : null}
      </div>
    </section>
  );
}
