import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { ApiError } from '../../common/errors';
import { JsonFile } from '../credentials/json-file';

export interface StoredRegistry {
  id: string;
  name: string;
  url: string;
  insecure: boolean;
}

const fileSchema = z.object({
  version: z.literal(1),
  registries: z.array(z.object({ id: z.string(), name: z.string(), url: z.string(), insecure: z.boolean() })),
});
type RegistryFile = z.infer<typeof fileSchema>;

/**
 * Turns what a user typed (`127.0.0.1:5000`, `http://localhost:5000`, `registry.example.com`) into a base URL.
 * Plain HTTP only with the insecure flag, so credentials are never sent in the clear by accident.
 */
export function normalizeRegistryUrl(input: string, insecure: boolean): string {
  const withScheme = /^[a-z]+:\/\//i.test(input) ? input : `${insecure ? 'http' : 'https'}://${input}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ApiError('invalid-input', `"${input}" is not a registry address. Use host[:port], e.g. registry.example.com or 127.0.0.1:5000.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ApiError('invalid-input', 'A registry address starts with http:// or https://.');
  if (url.protocol === 'http:' && !insecure) throw new ApiError('invalid-input', 'Plain HTTP needs the "insecure" option (meant for loopback and test registries).');
  if (url.username || url.password) throw new ApiError('invalid-input', 'Put the user name and password in their own fields, not in the address.');
  if ((url.pathname !== '/' && url.pathname !== '/v2/' && url.pathname !== '/v2') || url.search) {
    throw new ApiError('invalid-input', 'A registry address is just the host and port, without a path.');
  }
  return `${url.protocol}//${url.host}`;
}

/** The private registries the user added, in `registries.json` in the data dir. Docker Hub is built in. */
export class RegistryStore {
  private readonly file: JsonFile<RegistryFile>;

  constructor(dir: string) {
    this.file = new JsonFile(path.join(dir, 'registries.json'), fileSchema, () => ({ version: 1, registries: [] }));
  }

  async list(): Promise<StoredRegistry[]> {
    return (await this.file.read()).registries;
  }

  add(entry: Omit<StoredRegistry, 'id'>): Promise<StoredRegistry> {
    return this.file.update((current) => {
      const host = new URL(entry.url).host;
      if (current.registries.some((registry) => new URL(registry.url).host === host)) {
        throw new ApiError('conflict', `${host} is already in your registries.`);
      }
      const added = { id: randomUUID(), ...entry };
      return { next: { ...current, registries: [...current.registries, added] }, result: added };
    });
  }

  remove(id: string): Promise<StoredRegistry> {
    return this.file.update((current) => {
      const found = current.registries.find((registry) => registry.id === id);
      if (!found) throw new ApiError('not-found', 'That registry is not in your list any more.');
      return { next: { ...current, registries: current.registries.filter((registry) => registry.id !== id) }, result: found };
    });
  }
}
