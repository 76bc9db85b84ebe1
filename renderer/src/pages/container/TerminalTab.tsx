import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { ContainerDetails, TerminalEvent } from '../../../../common/contract';
import { api } from '../../api/client';
import { splitShellWords } from '../../components/containers/run-form';
import { buttonClass, inputClass, primaryButtonClass } from '../../components/Modal';
import { base64ToBytes } from '../../lib/files';

type Mode = 'exec' | 'attach';
interface Target {
  mode: Mode;
  cmd: string[];
  user: string;
  /** Changes on every connect, so the same settings can reconnect. */
  attempt: number;
}
type Status = { kind: 'connecting' } | { kind: 'open' } | { kind: 'closed'; message: string; failed: boolean };

const DARK_THEME = { background: '#0f172a', foreground: '#e2e8f0', cursor: '#22d3ee', selectionBackground: '#334155' };

/** One live session in an xterm: output in, keystrokes and pastes out, and the size follows the panel. */
function TerminalSession({ containerId, target, onStatus }: { containerId: string; target: Target; onStatus(status: Status): void }) {
  const hostRef = useRef<HTMLDivElement>(null);
  const statusRef = useRef(onStatus);
  statusRef.current = onStatus;

  useEffect(() => {
    const host = hostRef.current!;
    const terminal = new Terminal({ cursorBlink: true, fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace', fontSize: 13, theme: DARK_THEME, scrollback: 5000 });
    const fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(host);
    fit.fit();
    terminal.focus();

    let sessionId: string | undefined;
    let queued = '';
    let ended = false;
    const send = (data: string) => {
      if (ended) return;
      if (!sessionId) {
        queued += data;
        return;
      }
      api.call('containers.terminalInput', { sessionId, data }).catch(() => undefined);
    };
    const inputSub = terminal.onData(send);
    const resizeSub = terminal.onResize(({ cols, rows }) => {
      if (sessionId && !ended) api.call('containers.terminalResize', { sessionId, cols, rows }).catch(() => undefined);
    });

    const onEvent = (event: TerminalEvent) => {
      if (event.type === 'session') {
        sessionId = event.sessionId;
        statusRef.current({ kind: 'open' });
        if (queued) send(queued.slice(0));
        queued = '';
      } else if (event.type === 'output') {
        terminal.write(base64ToBytes(event.data));
      } else {
        const how = event.exitCode === null ? 'The session ended.' : `The process exited with code ${event.exitCode}.`;
        terminal.write(`\r\n\x1b[2m[${how}]\x1b[0m\r\n`);
        statusRef.current({ kind: 'closed', message: how, failed: false });
      }
    };
    const size = { cols: terminal.cols, rows: terminal.rows };
    const subscription =
      target.mode === 'exec'
        ? api.subscribe('containers.exec', { id: containerId, cmd: target.cmd, user: target.user, ...size }, {
            onEvent,
            onEnd: (error) => finish(error),
          })
        : api.subscribe('containers.attach', { id: containerId, ...size }, { onEvent, onEnd: (error) => finish(error) });
    function finish(error?: Error) {
      ended = true;
      if (error) {
        terminal.write(`\r\n\x1b[31m${error.message}\x1b[0m\r\n`);
        statusRef.current({ kind: 'closed', message: error.message, failed: true });
      } else {
        statusRef.current({ kind: 'closed', message: 'The session ended.', failed: false });
      }
    }

    const observer = new ResizeObserver(() => {
      if (host.clientWidth > 0 && host.clientHeight > 0) fit.fit();
    });
    observer.observe(host);
    return () => {
      ended = true;
      observer.disconnect();
      inputSub.dispose();
      resizeSub.dispose();
      subscription.unsubscribe();
      terminal.dispose();
    };
  }, [containerId, target]);

  return <div ref={hostRef} data-testid="terminal" className="h-full min-h-64 w-full overflow-hidden rounded-md bg-slate-900 p-2" />;
}

export function TerminalTab({ container }: { container: ContainerDetails }) {
  const [mode, setMode] = useState<Mode>('exec');
  const [command, setCommand] = useState('/bin/sh');
  const [user, setUser] = useState('');
  const [formError, setFormError] = useState<string>();
  const [target, setTarget] = useState<Target>();
  const [status, setStatus] = useState<Status>({ kind: 'connecting' });
  const running = container.state === 'running';

  const connect = (event?: FormEvent) => {
    event?.preventDefault();
    let cmd: string[];
    try {
      cmd = splitShellWords(command);
    } catch (err) {
      return setFormError((err as Error).message);
    }
    if (mode === 'exec' && !cmd.length) return setFormError('Give a command to run, such as /bin/sh.');
    if (!/^[a-zA-Z0-9_.:-]*$/.test(user.trim())) return setFormError('The user is a name or uid, optionally with :group.');
    setFormError(undefined);
    setStatus({ kind: 'connecting' });
    setTarget((previous) => ({ mode, cmd, user: user.trim(), attempt: (previous?.attempt ?? 0) + 1 }));
  };

  // Opens /bin/sh as soon as the container is known to be running; later connects are the user's choice.
  const autoConnected = useRef(false);
  useEffect(() => {
    if (running && !autoConnected.current) {
      autoConnected.current = true;
      connect();
    }
  });

  return (
    <div className="flex h-full min-h-0 flex-col gap-3 p-6">
      <form onSubmit={connect} className="flex flex-wrap items-end gap-3 text-sm">
        <div role="radiogroup" aria-label="Terminal mode" className="flex overflow-hidden rounded-md border border-slate-300 dark:border-slate-700">
          {(['exec', 'attach'] as const).map((m) => (
            <button
              key={m}
              type="button"
              role="radio"
              aria-checked={mode === m}
              onClick={() => setMode(m)}
              disabled={m === 'attach' && !container.tty}
              title={m === 'attach' && !container.tty ? 'The main process has no TTY (it was not started with -t).' : undefined}
              className={`px-3 py-1.5 disabled:cursor-not-allowed disabled:opacity-50 ${mode === m ? 'bg-cyan-600 text-white' : 'bg-white text-slate-700 hover:bg-slate-50 dark:bg-slate-900 dark:text-slate-300 dark:hover:bg-slate-800'}`}
            >
              {m === 'exec' ? 'Run a command' : 'Attach to main process'}
            </button>
          ))}
        </div>
        {mode === 'exec' ? (
          <>
            <label className="space-y-1">
              <span className="block text-xs font-medium text-slate-500 dark:text-slate-400">Command</span>
              <input aria-label="Command" className={`${inputClass} w-48 font-mono`} value={command} onChange={(e) => setCommand(e.target.value)} />
            </label>
            <label className="space-y-1">
              <span className="block text-xs font-medium text-slate-500 dark:text-slate-400">User</span>
              <input aria-label="User" className={`${inputClass} w-32 font-mono`} placeholder="default" value={user} onChange={(e) => setUser(e.target.value)} />
            </label>
          </>
        ) : null}
        <button type="submit" className={target ? buttonClass : primaryButtonClass} disabled={!running}>
          {target ? 'Reconnect' : 'Connect'}
        </button>
        <span role="status" className="pb-1.5 text-slate-500 dark:text-slate-400">
          {!running
            ? `The container is ${container.state}; start it to open a terminal.`
            : !target
              ? ''
              : status.kind === 'connecting'
                ? 'Connecting…'
                : status.kind === 'open'
                  ? 'Connected'
                  : status.message}
        </span>
      </form>
      {formError ? (
        <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">
          {formError}
        </p>
      ) : null}
      <div className="min-h-0 flex-1">
        {target ? <TerminalSession key={target.attempt} containerId={container.id} target={target} onStatus={setStatus} /> : null}
      </div>
    </div>
  );
}
