import { describe, expect, it } from 'vitest';
import type { ComposeCli } from './compose-cli';
import { ComposeError, runCompose } from './compose-run';

/** A real process standing in for Compose: `sh -c <script>` (the prefix), so the runner's handling is what is tested. */
function shell(script: string): ComposeCli {
  return { kind: 'standalone', command: '/bin/sh', prefix: ['-c', script, 'sh'], version: '1.0.0', major: 1 };
}

describe('runCompose', () => {
  it('streams stdout and stderr lines as they come, ANSI kept, and feeds stdin', async () => {
    const lines: [string, string][] = [];
    const result = await runCompose(shell('printf "\\033[32mgreen\\033[0m\\n"; echo oops >&2; cat'), [], {
      cwd: '/',
      env: process.env,
      stdin: 'from stdin\n',
      onLine: (stream, text) => lines.push([stream, text]),
    });
    expect(lines).toContainEqual(['stdout', '\x1b[32mgreen\x1b[0m']);
    expect(lines).toContainEqual(['stderr', 'oops']);
    expect(lines).toContainEqual(['stdout', 'from stdin']);
    expect(result.stdout).toContain('from stdin');
  });

  it('fails with the command line, the exit code and the last lines, escapes removed', async () => {
    const error = await runCompose(shell('for i in $(seq 1 30); do echo "line $i"; done; printf "\\033[31mERROR: it broke\\033[0m\\n" >&2; exit 3'), ['up', '-d'], { cwd: '/', env: process.env, tailLines: 5 }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(error).toBeInstanceOf(ComposeError);
    const failure = error as ComposeError;
    expect(failure.exitCode).toBe(3);
    expect(failure.commandLine).toMatch(/^docker-compose -c .* sh up -d$/);
    expect(failure.tail).toEqual(['line 27', 'line 28', 'line 29', 'line 30', 'ERROR: it broke']);
    expect(failure.message).toMatch(/^Compose failed \(exit code 3\): docker-compose .*\nline 27\n[\s\S]*ERROR: it broke$/);
  });

  it('stops the process when the caller aborts', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const lines: string[] = [];
    const running = runCompose(shell('echo started; exec sleep 30'), [], {
      cwd: '/',
      env: process.env,
      signal: controller.signal,
      onLine: (_stream, text) => {
        lines.push(text);
        controller.abort();
      },
    });
    const error = await running.then(() => undefined, (err: unknown) => err as ComposeError);
    expect(lines).toEqual(['started']);
    expect(error?.message).toMatch(/^Cancelled: /);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('names a Compose that cannot be started', async () => {
    const error = await runCompose({ ...shell(''), command: '/nonexistent/docker-compose', prefix: [] }, ['version'], { cwd: '/', env: process.env }).then(
      () => undefined,
      (err: unknown) => err as ComposeError,
    );
    expect(error?.message).toMatch(/^Could not run Compose \(spawn \/nonexistent\/docker-compose ENOENT\): docker-compose version$/);
  });
});
