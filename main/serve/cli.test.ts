import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const CLI = path.resolve(import.meta.dirname, 'cli.ts');

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, stdout: () => stdout, stderr: () => stderr };
}

describe('npm run serve (command line)', () => {
  const { dockerHost } = inject('testEngine');

  it('prints the URL on the only line starting with http://127.0.0.1 and quits cleanly on SIGTERM', async () => {
    const run = runCli(['--port', '0', '--engine', dockerHost]);
    await expect.poll(() => run.stdout(), { timeout: 15_000 }).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{20,}$/m);
    const urlLines = run.stdout().split('\n').filter((line) => line.startsWith('http://127.0.0.1'));
    expect(urlLines).toHaveLength(1);
    run.child.kill('SIGTERM');
    const [code] = await once(run.child, 'exit');
    expect(code).toBe(0);
  });

  it('makes a new token at each start', async () => {
    const tokens: string[] = [];
    for (let i = 0; i < 2; i++) {
      const run = runCli(['--port', '0', '--engine', dockerHost]);
      await expect.poll(() => run.stdout(), { timeout: 15_000 }).toMatch(/\?token=[\w-]{20,}$/m);
      tokens.push(/\?token=([\w-]+)$/m.exec(run.stdout())![1]!);
      run.child.kill('SIGTERM');
      await once(run.child, 'exit');
    }
    expect(tokens[0]).not.toBe(tokens[1]);
  }, 45_000);

  it('refuses to bind beyond loopback without --allow-remote', async () => {
    const run = runCli(['--host', '0.0.0.0', '--engine', dockerHost]);
    const [code] = await once(run.child, 'exit');
    expect(code).toBe(1);
    expect(run.stderr()).toContain('--allow-remote');
  });

  it('warns when remote binding is allowed explicitly', async () => {
    const run = runCli(['--host', '0.0.0.0', '--allow-remote', '--port', '0', '--engine', dockerHost]);
    await expect.poll(() => run.stderr(), { timeout: 15_000 }).toContain('WARNING');
    run.child.kill('SIGTERM');
    await once(run.child, 'exit');
  });

  it('rejects an engine address it cannot use', async () => {
    const run = runCli(['--engine', 'ftp://nowhere']);
    const [code] = await once(run.child, 'exit');
    expect(code).toBe(1);
    expect(run.stderr()).toContain('not an engine address');
  });
});
