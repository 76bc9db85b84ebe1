import type { ComposeProjectSpec, ComposeRunEvent } from '../../common/contract/compose';
import { ApiError } from '../../common/errors';
import { stackDeployArgs } from '../../common/stack-deploy';
import { which } from '../engine/process-tools';
import { shellLine } from './compose-args';
import type { ComposeCli } from './compose-cli';
import { ComposeError, runCompose } from './compose-run';

/**
 * Deploys a Compose project's files to the swarm as a stack with the docker CLI (Compose itself cannot), in the
 * project's folder so relative paths resolve as Compose resolves them, against the same engine Compose uses.
 * The output streams as the Compose actions' does.
 */
export async function runStackDeploy(
  spec: ComposeProjectSpec,
  stack: string,
  prune: boolean,
  env: NodeJS.ProcessEnv,
  emit: (event: ComposeRunEvent) => void,
  signal: AbortSignal,
): Promise<void> {
  const docker = which('docker', env);
  if (!docker) throw new ApiError('not-found', 'Deploying to a swarm needs the docker CLI (`docker stack deploy`), and none is on the PATH. Install your distribution\'s docker CLI package.');
  // The runner only needs the executable and what goes before the arguments: here the docker CLI itself.
  const cli: ComposeCli = { kind: 'plugin', command: docker, prefix: [], version: '', major: 0 };
  const args = stackDeployArgs(spec.files, stack, prune);
  const commandLine = shellLine('docker', args);
  emit({ kind: 'command', commandLine });
  try {
    await runCompose(cli, args, { cwd: spec.workingDir, env, signal, onLine: (stream, text) => emit({ kind: 'line', stream, text }) });
  } catch (err) {
    if (!(err instanceof ComposeError)) throw err;
    const notManager = err.tail.some((line) => /not a swarm manager/i.test(line));
    throw new ApiError(
      err.code,
      notManager
        ? `This engine is not a swarm manager: initialise a single-node swarm on the Engine page, then deploy again.\n\n${commandLine}`
        : `docker stack deploy failed${err.exitCode === null ? '' : ` (exit code ${err.exitCode})`}: ${commandLine}${err.tail.length ? `\n${err.tail.join('\n')}` : ''}`,
    );
  }
  emit({ kind: 'done', commandLine });
}
