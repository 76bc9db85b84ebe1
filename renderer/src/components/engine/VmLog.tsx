import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { Card } from './Card';

const MAX_LINES = 2000;
const TAIL_LINES = 300;

/** The VM's console (its boot log), tailed live; scrolled to the end while the user is at the end. */
export function VmLog({ logFile }: { logFile: string }) {
  const [lines, setLines] = useState<string[]>([]);
  const [ended, setEnded] = useState<string>();
  const scroller = useRef<HTMLDivElement>(null);
  const following = useRef(true);

  useEffect(() => {
    const subscription = api.subscribe('vm.log', { tailLines: TAIL_LINES }, {
      onEvent: (chunk) => {
        setEnded(undefined);
        setLines((previous) => (chunk.initial ? chunk.lines : [...previous, ...chunk.lines]).slice(-MAX_LINES));
      },
      onEnd: (error) => setEnded(error?.message ?? 'The log stream ended.'),
    });
    return () => subscription.unsubscribe();
  }, []);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (element && following.current) element.scrollTop = element.scrollHeight;
  }, [lines]);

  return (
    <Card title="VM boot log" label="VM boot log" className="lg:col-span-2" actions={<code className="font-mono text-xs text-slate-500 dark:text-slate-400">{logFile}</code>}>
      <div
        ref={scroller}
        data-testid="vm-log"
        onScroll={(event) => {
          const element = event.currentTarget;
          following.current = element.scrollTop + element.clientHeight >= element.scrollHeight - 8;
        }}
        className="h-72 overflow-auto rounded-md bg-slate-950 p-3 font-mono text-xs leading-5 text-slate-200"
      >
        {lines.length === 0 ? <p className="text-slate-400">The VM has not booted yet.</p> : null}
        {lines.map((line, index) => (
          <div key={index} className={`break-all whitespace-pre-wrap ${line.startsWith('berth-guest:') ? 'text-cyan-300' : ''}`}>
            {line}
          </div>
        ))}
      </div>
      {ended ? <p className="mt-2 text-xs text-slate-500">{ended}</p> : null}
    </Card>
  );
}
