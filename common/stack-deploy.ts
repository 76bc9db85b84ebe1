/**
 * The docker CLI's arguments for deploying a Compose project's files as a swarm stack: every `-f` file as a `-c`,
 * in order, then the stack's name. The Compose page shows them before it runs them; the main process runs them.
 */
export function stackDeployArgs(files: readonly string[], stack: string, prune: boolean): string[] {
  return ['stack', 'deploy', ...files.flatMap((file) => ['-c', file]), ...(prune ? ['--prune'] : []), stack];
}
