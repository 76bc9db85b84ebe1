import type { RegistryInfo, RepositoryResult, SearchGroup, TagInfo, TagPage } from '../../common/contract/registries';
import { ApiError, isApiError } from '../../common/errors';
import { DOCKER_HUB_HOST, repositoryPullName } from '../../common/image-reference';
import type { CredentialStore, Credentials } from '../credentials/credential-store';
import { HubClient, hubBaseUrl, hubRegistryUrl } from './hub-client';
import { mapLimited } from './http';
import { normalizeRegistryUrl, type RegistryStore, type StoredRegistry } from './registry-store';
import { RegistryV2Client, type Manifest } from './v2-client';
import { rankMatches } from './search-match';

export const HUB_ID = 'docker-hub';
const CATALOG_TTL_MS = 30_000;
const DETAIL_CONCURRENCY = 6;

interface RegistryEntry {
  info: Omit<RegistryInfo, 'username'>;
  stored?: StoredRegistry;
}

const HUB_ENTRY: RegistryEntry = {
  info: { id: HUB_ID, name: 'Docker Hub', kind: 'hub', url: hubBaseUrl(), host: DOCKER_HUB_HOST, insecure: false },
};

interface ImageConfig {
  created?: string;
}

const INDEX_TYPES = new Set(['application/vnd.docker.distribution.manifest.list.v2+json', 'application/vnd.oci.image.index.v1+json']);

/**
 * Docker Hub plus the user's private v2 registries: one search across all of them, tags with details, tag deletion,
 * and the credentials used for search, pull and push.
 */
export class RegistryService {
  private readonly catalogs = new Map<string, { at: number; repositories: Promise<string[]> }>();

  constructor(
    private readonly store: RegistryStore,
    private readonly credentials: CredentialStore,
    private readonly hub = new HubClient(),
  ) {}

  async list(): Promise<RegistryInfo[]> {
    const entries = await this.entries();
    return Promise.all(entries.map((entry) => this.describe(entry)));
  }

  async add(input: { name: string; url: string; insecure: boolean; username?: string; password?: string }): Promise<RegistryInfo> {
    const url = normalizeRegistryUrl(input.url, input.insecure);
    if (Boolean(input.username) !== Boolean(input.password)) throw new ApiError('invalid-input', 'Give both a user name and a password, or neither.');
    const credentials = input.username && input.password ? { username: input.username, password: input.password } : undefined;
    await new RegistryV2Client(url, credentials).verify().catch((err: unknown) => {
      // Reachable but asking for a login is fine without credentials: the user logs in next.
      if (credentials || !isApiError(err) || err.code !== 'forbidden') throw err;
    });
    const stored = await this.store.add({ name: input.name, url, insecure: input.insecure });
    const entry = this.entryOf(stored);
    if (credentials) await this.credentials.set(entry.info.host, credentials);
    return this.describe(entry);
  }

  async remove(id: string): Promise<void> {
    if (id === HUB_ID) throw new ApiError('invalid-input', 'Docker Hub is built in and cannot be removed; log out instead.');
    const removed = await this.store.remove(id);
    const host = new URL(removed.url).host;
    await this.credentials.remove(host);
    this.catalogs.delete(host);
  }

  /** Verifies the credentials against the registry before saving them. */
  async login(id: string, credentials: Credentials): Promise<RegistryInfo> {
    const entry = await this.entry(id);
    const baseUrl = entry.info.kind === 'hub' ? hubRegistryUrl() : entry.info.url;
    await new RegistryV2Client(baseUrl, credentials).verify();
    await this.credentials.set(entry.info.host, credentials);
    this.catalogs.delete(entry.info.host);
    return this.describe(entry);
  }

  async logout(id: string): Promise<RegistryInfo> {
    const entry = await this.entry(id);
    await this.credentials.remove(entry.info.host);
    this.catalogs.delete(entry.info.host);
    return this.describe(entry);
  }

  /** Credentials saved for the registry an image lives on, for the engine's pull and push. */
  credentialsFor(host: string): Promise<Credentials | undefined> {
    return this.credentials.get(host).catch(() => undefined);
  }

  /**
   * The registry's current manifest digest for `repository:tag` on `host`, by a HEAD with the manifest Accept list and
   * the saved credentials (Docker Hub answers with a token challenge, which the client follows). A registry in the
   * user's list is reached at its own URL; any other loopback host over plain HTTP (as the engine allows), else HTTPS.
   */
  async currentDigest(host: string, repository: string, tag: string, signal?: AbortSignal): Promise<string> {
    const stored = (await this.store.list()).find((registry) => new URL(registry.url).host === host);
    const baseUrl =
      host === DOCKER_HUB_HOST ? hubRegistryUrl() : stored ? stored.url : /^(localhost|127\.[\d.]+|\[::1\])(:\d+)?$/.test(host) ? `http://${host}` : `https://${host}`;
    const client = new RegistryV2Client(baseUrl, await this.credentialsFor(host));
    return client.manifestDigest(repository, tag, signal);
  }

  /** A push to a registry changes its catalog: forget the cached copy. */
  forgetCatalog(host: string): void {
    this.catalogs.delete(host);
  }

  /** Searches every registry at once; each group is reported as soon as its registry answers (or fails). */
  async search(term: string, limit: number, onGroup: (group: SearchGroup) => void, signal: AbortSignal): Promise<void> {
    const entries = await this.entries();
    await Promise.all(
      entries.map(async (entry) => {
        // Read once: the group's username and a catalog walk (on a cache miss) both need them.
        const credentials = await this.credentialsFor(entry.info.host);
        const registry = describeWith(entry, credentials);
        try {
          const { results, truncated } =
            entry.info.kind === 'hub' ? await this.searchHub(term, limit, signal) : await this.searchCatalog(entry, credentials, term, limit, signal);
          if (!signal.aborted) onGroup({ registry, results, truncated });
        } catch (err) {
          if (!signal.aborted) onGroup({ registry, results: [], truncated: false, error: err instanceof Error ? err.message : String(err) });
        }
      }),
    );
  }

  async tags(id: string, repository: string, pageSize: number, cursor: string | undefined, signal?: AbortSignal): Promise<TagPage> {
    const entry = await this.entry(id);
    if (entry.info.kind === 'hub') {
      const page = cursor ? Number(cursor) : 1;
      if (!Number.isInteger(page) || page < 1) throw new ApiError('invalid-input', 'That page of tags does not exist.');
      const result = await this.hub.tags(repository, pageSize, page, signal);
      return {
        tags: result.tags,
        ...(result.nextPage ? { cursor: String(result.nextPage) } : {}),
        canDelete: false,
      };
    }
    const client = await this.client(entry);
    const page = await client.tagsPage(repository, pageSize, cursor, signal);
    const tags = await mapLimited(page.items, DETAIL_CONCURRENCY, (tag) => this.tagDetails(client, repository, tag, signal));
    return { tags, ...(page.last ? { cursor: page.last } : {}), canDelete: true };
  }

  async deleteTag(id: string, repository: string, tag: string): Promise<string> {
    const entry = await this.entry(id);
    if (entry.info.kind === 'hub') throw new ApiError('invalid-input', 'Delete Docker Hub tags on hub.docker.com.');
    const client = await this.client(entry);
    const digest = await client.manifestDigest(repository, tag);
    await client.deleteManifest(repository, digest);
    return digest;
  }

  private async searchHub(term: string, limit: number, signal: AbortSignal): Promise<{ results: RepositoryResult[]; truncated: boolean }> {
    if (!term) return { results: [], truncated: false };
    const { results, total } = await this.hub.search(term, limit, signal);
    return {
      results: results.map((result) => ({
        repository: result.repository,
        pullName: repositoryPullName(DOCKER_HUB_HOST, result.repository),
        ...(result.description ? { description: result.description } : {}),
        ...(result.stars != null ? { stars: result.stars } : {}),
        ...(result.pulls != null ? { pulls: result.pulls } : {}),
        official: result.official,
      })),
      truncated: total > results.length,
    };
  }

  private async searchCatalog(entry: RegistryEntry, credentials: Credentials | undefined, term: string, limit: number, signal: AbortSignal) {
    const repositories = await this.catalog(entry, credentials, signal);
    const matches = rankMatches(repositories, term);
    return {
      results: matches.slice(0, limit).map((repository) => ({ repository, pullName: repositoryPullName(entry.info.host, repository) })),
      truncated: matches.length > limit,
    };
  }

  /** The registry's whole catalog, cached briefly so typing in the search box does not re-walk every page. */
  private async catalog(entry: RegistryEntry, credentials: Credentials | undefined, signal: AbortSignal): Promise<string[]> {
    const cached = this.catalogs.get(entry.info.host);
    if (cached && Date.now() - cached.at < CATALOG_TTL_MS) return cached.repositories;
    // Not tied to one search's signal: the next keystroke reuses the walk already under way.
    const repositories = new RegistryV2Client(entry.info.url, credentials).catalog();
    this.catalogs.set(entry.info.host, { at: Date.now(), repositories });
    repositories.catch(() => {
      if (this.catalogs.get(entry.info.host)?.repositories === repositories) this.catalogs.delete(entry.info.host);
    });
    return abortable(repositories, signal);
  }

  private async tagDetails(client: RegistryV2Client, repository: string, tag: string, signal?: AbortSignal): Promise<TagInfo> {
    try {
      const manifest = await client.manifest(repository, tag, signal);
      const multiPlatform = INDEX_TYPES.has(manifest.mediaType);
      const single = multiPlatform ? await this.platformManifest(client, repository, manifest, signal) : manifest;
      const config = single?.body.config;
      const sizeBytes = config ? config.size + (single.body.layers ?? []).reduce((sum, layer) => sum + layer.size, 0) : undefined;
      const created = config ? (await client.blobJson<ImageConfig>(repository, config.digest, signal)).created : undefined;
      return {
        tag,
        ...(manifest.digest ? { digest: manifest.digest } : {}),
        ...(sizeBytes != null ? { sizeBytes } : {}),
        ...(created ? { created } : {}),
        ...(multiPlatform ? { multiPlatform } : {}),
      };
    } catch {
      return { tag };
    }
  }

  /** For a multi-platform index, the linux/amd64 (or else the first) image: what its size and date describe. */
  private async platformManifest(client: RegistryV2Client, repository: string, index: Manifest, signal?: AbortSignal): Promise<Manifest | undefined> {
    const children = index.body.manifests ?? [];
    const chosen = children.find((child) => child.platform?.os === 'linux' && child.platform.architecture === 'amd64') ?? children[0];
    return chosen ? client.manifest(repository, chosen.digest, signal) : undefined;
  }

  private async client(entry: RegistryEntry): Promise<RegistryV2Client> {
    return new RegistryV2Client(entry.info.url, await this.credentialsFor(entry.info.host));
  }

  private async entries(): Promise<RegistryEntry[]> {
    return [HUB_ENTRY, ...(await this.store.list()).map((stored) => this.entryOf(stored))];
  }

  private async entry(id: string): Promise<RegistryEntry> {
    const found = (await this.entries()).find((entry) => entry.info.id === id);
    if (!found) throw new ApiError('not-found', 'That registry is not in your list any more.');
    return found;
  }

  private entryOf(stored: StoredRegistry): RegistryEntry {
    return { info: { id: stored.id, name: stored.name, kind: 'v2', url: stored.url, host: new URL(stored.url).host, insecure: stored.insecure }, stored };
  }

  private async describe(entry: RegistryEntry): Promise<RegistryInfo> {
    return describeWith(entry, await this.credentialsFor(entry.info.host));
  }
}

function describeWith(entry: RegistryEntry, credentials: Credentials | undefined): RegistryInfo {
  return { ...entry.info, ...(credentials ? { username: credentials.username } : {}) };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new ApiError('internal', 'The search was cancelled.'));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new ApiError('internal', 'The search was cancelled.'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
