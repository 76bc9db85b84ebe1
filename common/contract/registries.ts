import { z } from 'zod';
import { isValidRepositoryPath, isValidTag } from '../image-reference';
import { call, stream } from './define';

export interface RegistryInfo {
  id: string;
  name: string;
  kind: 'hub' | 'v2';
  /** Base URL, e.g. `https://registry.example.com` or `http://127.0.0.1:5000`. */
  url: string;
  /** The host images are named after: `docker.io` or `host:port`. */
  host: string;
  insecure: boolean;
  /** Who Berth is logged in as; absent when it is not. Passwords and tokens never leave the main process. */
  username?: string;
}

export interface RepositoryResult {
  /** Repository path inside the registry (`library/nginx`, `team/app`). */
  repository: string;
  /** What to type to pull it, without a tag (`nginx`, `127.0.0.1:5000/team/app`). */
  pullName: string;
  description?: string;
  stars?: number;
  pulls?: number;
  official?: boolean;
}

/** One registry's answer to a search: its results, or why it could not answer. */
export interface SearchGroup {
  registry: RegistryInfo;
  results: RepositoryResult[];
  /** More matched than were returned. */
  truncated: boolean;
  error?: string;
}

export interface TagInfo {
  tag: string;
  digest?: string;
  /** Compressed size of the layers plus config, from the manifest. */
  sizeBytes?: number;
  /** ISO date from the image config or Hub's last update. */
  created?: string;
  /** The tag points at a multi-platform index; sizes are per platform. */
  multiPlatform?: boolean;
}

export interface TagPage {
  tags: TagInfo[];
  /** Pass as `cursor` to get the next page; absent on the last page. */
  cursor?: string;
  /** The registry lets tags be deleted. */
  canDelete: boolean;
}

const registryIdSchema = z.string().regex(/^[a-z0-9-]{1,64}$/, 'a registry id');
const repositorySchema = z
  .string()
  .min(1)
  .max(255)
  .refine(isValidRepositoryPath, 'a repository name');
const credentialsShape = {
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(8192),
};

export const registriesContract = {
  'registries.list': call(z.object({}).strict()).returns<RegistryInfo[]>(),
  'registries.add': call(
    z
      .object({
        name: z.string().trim().min(1).max(100),
        url: z.string().trim().min(1).max(2048),
        insecure: z.boolean().default(false),
        username: credentialsShape.username.optional(),
        password: credentialsShape.password.optional(),
      })
      .strict(),
  ).returns<RegistryInfo>(),
  'registries.remove': call(z.object({ id: registryIdSchema }).strict()).returns<void>(),
  'registries.login': call(z.object({ id: registryIdSchema, ...credentialsShape }).strict()).returns<RegistryInfo>(),
  'registries.logout': call(z.object({ id: registryIdSchema }).strict()).returns<RegistryInfo>(),
  /** Emits one group per registry as each answers, then ends. */
  'registries.search': stream(z.object({ term: z.string().trim().max(255), limit: z.number().int().min(1).max(100).default(25) }).strict()).emits<SearchGroup>(),
  'registries.tags': call(
    z
      .object({
        registryId: registryIdSchema,
        repository: repositorySchema,
        cursor: z.string().max(4096).optional(),
        pageSize: z.number().int().min(1).max(100).default(20),
      })
      .strict(),
  ).returns<TagPage>(),
  'registries.deleteTag': call(
    z.object({ registryId: registryIdSchema, repository: repositorySchema, tag: z.string().refine(isValidTag, 'a tag') }).strict(),
  ).returns<{ digest: string }>(),
};
