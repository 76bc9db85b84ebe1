import { spawn } from 'node:child_process';

/** Runs a shell command with extra environment (output discarded, stderr kept for the error) and returns its wall time in ms. */
export function timedShell(command: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn('sh', ['-c', command], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => (code === 0 ? resolve(performance.now() - started) : reject(new Error(`${command}: exit ${code}\n${stderr}`))));
  });
}
