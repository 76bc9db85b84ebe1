import type { RegistryService } from '../../registry/registry-service';
import { runToEnd } from './run-to-end';
import type { DomainHandlers } from './types';

type RegistryNames =
  | 'registries.list'
  | 'registries.add'
  | 'registries.remove'
  | 'registries.login'
  | 'registries.logout'
  | 'registries.search'
  | 'registries.tags'
  | 'registries.deleteTag';

export function registriesHandlers(registries: RegistryService): DomainHandlers<RegistryNames> {
  return {
    'registries.list': () => registries.list(),
    'registries.add': (input) => registries.add(input),
    'registries.remove': ({ id }) => registries.remove(id),
    'registries.login': ({ id, username, password }) => registries.login(id, { username, password }),
    'registries.logout': ({ id }) => registries.logout(id),
    'registries.search': ({ term, limit }, emit, context) => runToEnd((signal) => registries.search(term, limit, emit, signal), context),
    'registries.tags': ({ registryId, repository, pageSize, cursor }) => registries.tags(registryId, repository, pageSize, cursor),
    'registries.deleteTag': async ({ registryId, repository, tag }) => ({ digest: await registries.deleteTag(registryId, repository, tag) }),
  };
}
