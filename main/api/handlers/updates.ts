import { DisposableStore } from '../../../common/lifecycle';
import type { EngineConnection } from '../../engine/connection';
import { ImageService } from '../../docker/images/images';
import { ImageUpdates } from '../../docker/images/image-updates';
import type { RegistryService } from '../../registry/registry-service';
import { runToEnd } from './run-to-end';
import type { DomainHandlers } from './types';

type UpdateNames = 'updates.status' | 'updates.check' | 'updates.setInterval' | 'updates.apply';

export function updatesHandlers(
  engine: EngineConnection,
  registries: RegistryService,
  dataDir: string,
  disposables = new DisposableStore(),
  savingPower?: () => boolean,
): DomainHandlers<UpdateNames> {
  const images = new ImageService(
    engine,
    (host) => registries.credentialsFor(host),
    (host) => registries.forgetCatalog(host),
  );
  // Owns a schedule timer: disposed with the backend.
  const updates = disposables.add(new ImageUpdates(
    engine,
    (host, repository, tag, signal) => registries.currentDigest(host, repository, tag, signal),
    (reference, emit, signal) => images.pull(reference, emit, signal),
    dataDir,
    undefined,
    savingPower,
  ));
  return {
    'updates.status': () => updates.status(),
    'updates.check': () => updates.check(),
    'updates.setInterval': ({ intervalHours }) => updates.setInterval(intervalHours),
    'updates.apply': ({ reference, containerIds }, emit, context) => runToEnd((signal) => updates.apply(reference, containerIds, emit, signal), context),
  };
}
