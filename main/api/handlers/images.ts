import type { EngineConnection } from '../../engine/connection';
import { ImageService } from '../../docker/images/images';
import type { ImageOperationOutcome } from '../../notifications/operation-rules';
import { reported } from './notifications';
import type { RegistryService } from '../../registry/registry-service';
import { runToEnd } from './run-to-end';
import type { DomainHandlers } from './types';

type ImageNames =
  | 'images.list'
  | 'images.inspect'
  | 'images.history'
  | 'images.tag'
  | 'images.remove'
  | 'images.prunePreview'
  | 'images.prune'
  | 'images.pull'
  | 'images.push'
  | 'images.build'
  | 'images.save'
  | 'images.load';

export function imagesHandlers(
  engine: EngineConnection,
  registries: RegistryService,
  report?: (outcome: ImageOperationOutcome) => void,
): DomainHandlers<ImageNames> {
  const service = new ImageService(
    engine,
    (host) => registries.credentialsFor(host),
    (host) => registries.forgetCatalog(host),
  );
  return {
    'images.list': () => service.list(),
    'images.inspect': ({ id }) => service.inspect(id),
    'images.history': ({ id }) => service.history(id),
    'images.tag': ({ id, repository, tag }) => service.tag(id, repository, tag),
    'images.remove': ({ id, force }) => service.remove(id, force),
    'images.prunePreview': ({ mode }) => service.prunePreview(mode),
    'images.prune': ({ mode, ids }) => service.prune(mode, ids),
    'images.pull': ({ reference }, emit, context) => runToEnd(reported('pull', reference, (signal) => service.pull(reference, emit, signal), report), context),
    'images.push': ({ reference }, emit, context) => runToEnd(reported('push', reference, (signal) => service.push(reference, emit, signal), report), context),
    'images.build': (options, emit, context) =>
      runToEnd(reported('build', options.tag ?? options.contextPath ?? 'a pasted Dockerfile', (signal) => service.build(options, emit, signal), report), context),
    'images.save': ({ references, path }, emit, context) => runToEnd((signal) => service.save(references, path, emit, signal), context),
    'images.load': ({ path }, emit, context) => runToEnd((signal) => service.load(path, emit, signal), context),
  };
}
