import type { EngineConnection } from '../../engine/connection';
import { ImageService } from '../../docker/images/images';
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

export function imagesHandlers(engine: EngineConnection, registries: RegistryService): DomainHandlers<ImageNames> {
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
    'images.pull': ({ reference }, emit, context) => runToEnd((signal) => service.pull(reference, emit, signal), context),
    'images.push': ({ reference }, emit, context) => runToEnd((signal) => service.push(reference, emit, signal), context),
    'images.build': (options, emit, context) => runToEnd((signal) => service.build(options, emit, signal), context),
    'images.save': ({ references, path }, emit, context) => runToEnd((signal) => service.save(references, path, emit, signal), context),
    'images.load': ({ path }, emit, context) => runToEnd((signal) => service.load(path, emit, signal), context),
  };
}
