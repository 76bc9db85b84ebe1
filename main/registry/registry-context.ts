import { CredentialStore } from '../credentials/credential-store';
import { createSecretBox } from '../credentials/secret-box';
import { HubClient } from './hub-client';
import { RegistryStore } from './registry-store';
import { RegistryService } from './registry-service';

/** The registry service over Berth's data dir: the user's registries, their sealed credentials and Docker Hub. */
export function createRegistryService(dir: string): RegistryService {
  return new RegistryService(new RegistryStore(dir), new CredentialStore(dir, () => createSecretBox(dir)), new HubClient());
}
