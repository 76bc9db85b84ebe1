import { spawn } from 'node:child_process';
import { ApiError } from '../../common/errors';
import { shellLine } from './compose-args';
import type { ComposeCli } from './compose-cli';

export interface ComposeRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Each output line as it arrives, ANSI escapes kept; `\r`-rewritten progress lines arrive as separate lines. */
  onLine?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** Written to Compose's stdin, then closed (the editor's text for `-f -`). */
  stdin?: string;
  signal?: AbortSignal;
  /** How many final output lines a failure carries. */
  tailLines?: number;
}

export interface ComposeRunResult {
  commandLine: string;
  stdout: string;
  stderr: string;
}

/** A failed Compose command: what ran, its exit code and its last output lines, as a terminal would show them. */
export class ComposeError extends ApiError {
  constructor(
    readonly commandLine: string,
    readonly exitCode: number | null,
    readonly tail: string[],
    reason?: string,
  ) {
    super(
      'invalid-input',
      `${reason ?? `Compose failed${exitCode === null ? '' : ` (exit code ${exitCode})`}`}: ${commandLine}${tail.length ? `\n${tail.join('\n')}` : ''}`,
    );
    this.name = 'ComposeError';
  }
}

/** Splits a byte stream into lines (on `\n`, and on `\r` not followed by `\n`), calling back per complete line. */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: string): void; end(): void } {
  let rest = '';
  return {
    push(chunk) {
      rest += chunk;
      const parts = rest.split(/\r\n|\n|\r(?!$)/);
      rest = parts.pop() ?? '';
      for (const part of parts) onLine(part);
    },
    end() {
      const last = rest.replace(/\r$/, '');
      rest = '';
      if (last) onLine(last);
    },
  };
}

/** Runs one Compose command to its end; rejects with a `ComposeError` on a non-zero exit or an abort. */
export function runCompose(cli: ComposeCli, args: string[], options: ComposeRunOptions): Promise<ComposeRunResult> {
  const fullArgs = [...cli.prefix, ...args];
  const commandLine = shellLine(cli.kind === 'plugin' ? 'docker' : 'docker-compose', fullArgs);
  const tailSize = options.tailLines ?? 20;
  const tail: string[] = [];
  const out = { stdout: '', stderr: '' };
  return new Promise((resolve, reject) => {
    if (options.signal?.aborted) {
      reject(new ComposeError(commandLine, null, [], 'Cancelled'));
      return;
    }
    const child = spawn(cli.command, fullArgs, { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
    const onAbort = () => child.kill('SIGTERM');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const splitters = (['stdout', 'stderr'] as const).map((name) => {
      const splitter = lineSplitter((line) => {
        tail.push(line);
        if (tail.length > tailSize) tail.shift();
        options.onLine?.(name, line);
      });
      child[name].setEncoding('utf8');
      child[name].on('data', (chunk: string) => {
        out[name] += chunk;
        splitter.push(chunk);
      });
      return splitter;
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(options.stdin ?? '');
    child.on('error', (err) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(new ComposeError(commandLine, null, [], `Could not run Compose (${err.message})`));
    });
    child.on('close', (code) => {
      options.signal?.removeEventListener('abort', onAbort);
      for (const splitter of splitters) splitter.end();
      // ANSI escapes stay in the streamed lines; the error text is read as plain text.
      const plainTail = tail.map(stripAnsi).filter((line) => line.trim());
      if (options.signal?.aborted) reject(new ComposeError(commandLine, code, plainTail, 'Cancelled'));
      else if (code !== 0) reject(new ComposeError(commandLine, code, plainTail));
      else resolve({ commandLine, ...out });
    });
  });
}

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}
