import { DisposableStore } from '../../../common/lifecycle';
import type { EngineConnection } from '../../engine/connection';
import { ImageService } from '../../docker/images/images';
import { ImageUpdates } from '../../docker/images/image-updates';
import type { ImageOperationOutcome } from '../../notifications/operation-rules';
import type { RegistryService } from '../../registry/registry-service';
import { reported } from './notifications';
import { runToEnd } from './run-to-end';
import type { DomainHandlers } from './types';

type UpdateNames = 'updates.status' | 'updates.check' | 'updates.setInterval' | 'updates.apply';

export function updatesHandlers(
  engine: EngineConnection,
  registries: RegistryService,
  dataDir: string,
  disposables = new DisposableStore(),
  savingPower?: () => boolean,
  report?: (outcome: ImageOperationOutcome) => void,
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
    // An update's pull is told like any other pull Berth runs.
    (reference, emit, signal) => reported('pull', reference, (aborted) => images.pull(reference, emit, aborted), report)(signal),
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
