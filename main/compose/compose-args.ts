import path from 'node:path';
import type { ComposeAction, ComposeProjectSpec } from '../../common/contract/compose';
import type { EndpointTls } from '../../common/contract/engine';

/**
 * The arguments that select a project, common to every Compose command: the project name (always given, so the
 * containers' labels match what Berth lists), the project directory, each `-f` file in order, the env file and
 * the profiles. `stdinFile` replaces that file with `-` (the editor's unsaved text on stdin).
 */
export function projectArgs(project: ComposeProjectSpec, stdinFile?: string): string[] {
  const args = ['-p', project.name, '--project-directory', project.workingDir];
  for (const file of project.files) args.push('-f', file === stdinFile ? '-' : file);
  if (project.envFile) args.push('--env-file', project.envFile);
  for (const profile of project.profiles) args.push('--profile', profile);
  return args;
}

/** What follows the project arguments for each action. */
export function actionArgs(action: ComposeAction): string[] {
  switch (action.kind) {
    case 'up':
      return ['up', '-d', ...(action.build ? ['--build'] : []), ...(action.removeOrphans ? ['--remove-orphans'] : [])];
    case 'down':
      return ['down', ...(action.removeVolumes ? ['--volumes'] : []), ...(action.removeImages !== 'none' ? ['--rmi', action.removeImages] : [])];
    case 'stop':
    case 'start':
    case 'restart':
    case 'pull':
    case 'build':
      return [action.kind, ...(action.service ? [action.service] : [])];
    case 'scale':
      // Only this service: the others (and this one's running replicas) stay as they are.
      return ['up', '-d', '--no-deps', '--no-recreate', '--scale', `${action.service}=${action.replicas}`, action.service];
    case 'recreate':
      return ['up', '-d', '--force-recreate', '--no-deps', action.service];
    case 'pullUp':
      // Only the last command: see actionCommands (v1 has no `up --pull`, so the pull is a command of its own).
      return ['up', '-d', ...(action.service ? [action.service] : [])];
  }
}

/**
 * The commands an action runs, in order. Most run one; "pull and up" (what an image update asks of a Compose
 * project) pulls first and recreates only what got a new image.
 */
export function actionCommands(action: ComposeAction): string[][] {
  if (action.kind === 'pullUp') return [actionArgs({ kind: 'pull', ...(action.service ? { service: action.service } : {}) }), actionArgs(action)];
  return [actionArgs(action)];
}

/** The full argument lists for an action (after the CLI's prefix, e.g. `compose`). */
export function composeArgs(project: ComposeProjectSpec, action: ComposeAction): string[][] {
  return actionCommands(action).map((args) => [...projectArgs(project), ...args]);
}

/** A command line as a shell would accept it, for showing and copying. */
export function shellLine(command: string, args: string[]): string {
  const quote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);
  return [command, ...args].map(quote).join(' ');
}

/** Compose's own project name from a folder name: lower case, only a-z, 0-9, `_` and `-` (as v1 and v2 do). */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

export interface EngineForCompose {
  /** Berth's socket URL when it listens (preferred: no TLS, no SSH for Compose to handle). */
  proxyUrl?: string;
  /** The active engine's own address and TLS files. */
  target?: { url: string; tls?: EndpointTls };
}

/**
 * The environment Compose runs with: the user's, with `DOCKER_HOST` pointed at the active engine (Berth's socket
 * when it listens) and any docker context or TLS setting of the user's shell removed, so Compose cannot talk to
 * another engine. A TLS engine gets `DOCKER_TLS_VERIFY`/`DOCKER_CERT_PATH`; `certDir` is the folder holding
 * `ca.pem`, `cert.pem`, `key.pem` (see `tlsCertDirNeeded`).
 */
export function composeEnv(base: NodeJS.ProcessEnv, engine: EngineForCompose, certDir?: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH', 'DOCKER_TLS', 'COMPOSE_FILE', 'COMPOSE_PROJECT_NAME', 'COMPOSE_PROFILES', 'COMPOSE_ENV_FILES']) {
    delete env[name];
  }
  const host = engine.proxyUrl ?? engine.target?.url;
  if (host) env.DOCKER_HOST = host;
  if (!engine.proxyUrl && engine.target?.tls && (engine.target.tls.caPath || engine.target.tls.certPath)) {
    env.DOCKER_TLS_VERIFY = engine.target.tls.caPath ? '1' : '';
    if (!engine.target.tls.caPath) env.DOCKER_TLS = '1';
    if (certDir) env.DOCKER_CERT_PATH = certDir;
  }
  return env;
}

/**
 * The docker CLI and Compose read TLS files only as `ca.pem`, `cert.pem`, `key.pem` in one folder. When the
 * engine's files already are so named in one folder, that folder; otherwise undefined (the caller links them into
 * a folder of its own).
 */
export function standardCertDir(tls: EndpointTls): string | undefined {
  const files: [string | undefined, string][] = [
    [tls.caPath, 'ca.pem'],
    [tls.certPath, 'cert.pem'],
    [tls.keyPath, 'key.pem'],
  ];
  const given = files.filter((entry): entry is [string, string] => Boolean(entry[0]));
  const dirs = new Set(given.map(([file]) => path.dirname(file)));
  if (dirs.size !== 1 || given.some(([file, name]) => path.basename(file) !== name)) return undefined;
  return [...dirs][0];
}
