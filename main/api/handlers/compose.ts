import type { EngineConnection } from '../../engine/connection';
import { ComposeService } from '../../compose/compose-service';
import { readComposeFile, saveComposeFile } from '../../compose/compose-files';
import type { ProxyService } from '../../proxy/proxy-service';
import { runToEnd } from './run-to-end';
import type { DomainHandlers } from './types';

type ComposeNames =
  | 'compose.status'
  | 'compose.list'
  | 'compose.open'
  | 'compose.forget'
  | 'compose.read'
  | 'compose.save'
  | 'compose.validate'
  | 'compose.downPreview'
  | 'compose.run'
  | 'compose.stackDeploy';

/** Compose runs against Berth's socket while it listens, else straight against the active engine. */
export function composeHandlers(engine: EngineConnection, proxy: ProxyService, dataDir: string): DomainHandlers<ComposeNames> {
  const service = new ComposeService({ engine, dataDir, proxyUrl: () => (proxy.status.state === 'listening' ? proxy.url : undefined) });
  return {
    'compose.status': () => service.status(),
    'compose.list': () => service.list(),
    'compose.open': (input) => service.open(input),
    'compose.forget': ({ project }) => service.forget(project),
    'compose.read': async ({ path }) => {
      await service.requireProjectFile(path);
      return readComposeFile(path);
    },
    'compose.save': async ({ path, content, expectedHash, expectedMtimeMs }) => {
      await service.requireProjectFile(path);
      return saveComposeFile(path, content, { hash: expectedHash, mtimeMs: expectedMtimeMs });
    },
    'compose.validate': ({ project, path, content }) => service.validate(project, path, content),
    'compose.downPreview': ({ project }) => service.downPreview(project),
    'compose.run': ({ project, action }, emit, context) => runToEnd((signal) => service.run(project, action, emit, signal), context),
    'compose.stackDeploy': ({ project, stack, prune }, emit, context) => runToEnd((signal) => service.stackDeploy(project, stack, prune, emit, signal), context),
  };
}
