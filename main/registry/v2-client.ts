import { ApiError } from '../../common/errors';
import type { Credentials } from '../credentials/credential-store';
import { nextLink, requestSignal, unreachable } from './http';

export const MANIFEST_ACCEPT = [
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.oci.image.index.v1+json',
].join(', ');

interface Challenge {
  scheme: 'basic' | 'bearer';
  params: Record<string, string>;
}

function parseChallenge(header: string | null): Challenge | undefined {
  if (!header) return undefined;
  const match = /^\s*(\w+)\s*(.*)$/.exec(header);
  if (!match) return undefined;
  const scheme = match[1]!.toLowerCase();
  if (scheme !== 'basic' && scheme !== 'bearer') return undefined;
  const params: Record<string, string> = {};
  for (const param of match[2]!.matchAll(/(\w+)="([^"]*)"/g)) params[param[1]!.toLowerCase()] = param[2]!;
  return { scheme, params };
}

function basicHeader(credentials: Credentials): string {
  return `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64')}`;
}

export interface Page<T> {
  items: T[];
  /** The `last` value for the next page; absent on the last page. */
  last?: string;
}

export interface Manifest {
  digest?: string;
  mediaType: string;
  body: {
    mediaType?: string;
    config?: { digest: string; size: number };
    layers?: { size: number }[];
    manifests?: { digest: string; mediaType?: string; platform?: { os?: string; architecture?: string } }[];
  };
}

/**
 * A Docker Registry HTTP API v2 client: Basic and Bearer-token auth (answering the registry's challenge),
 * `Link` pagination, manifests and deletes. Credentials go only into Authorization headers, never into errors.
 */
export class RegistryV2Client {
  private challenge?: Challenge;
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly credentials?: Credentials,
  ) {}

  get host(): string {
    return new URL(this.baseUrl).host;
  }

  /** `GET /v2/`: resolves when the registry accepts these credentials (or needs none); throws `forbidden` if not. */
  async verify(signal?: AbortSignal): Promise<void> {
    const response = await this.request('/v2/', { signal }, 'registry:catalog:*');
    await response.body?.cancel();
  }

  async catalogPage(pageSize: number, last?: string, signal?: AbortSignal): Promise<Page<string>> {
    const query = new URLSearchParams({ n: String(pageSize), ...(last ? { last } : {}) });
    const response = await this.request(`/v2/_catalog?${query}`, { signal }, 'registry:catalog:*');
    const body = (await response.json()) as { repositories?: string[] | null };
    return { items: body.repositories ?? [], last: this.lastFromLink(response) };
  }

  /** Every repository, following `Link: rel="next"` page by page. */
  async catalog(signal?: AbortSignal, pageSize = 1000): Promise<string[]> {
    const all: string[] = [];
    let last: string | undefined;
    do {
      const page = await this.catalogPage(pageSize, last, signal);
      all.push(...page.items);
      last = page.items.length ? page.last : undefined;
    } while (last);
    return all;
  }

  async tagsPage(repository: string, pageSize: number, last?: string, signal?: AbortSignal): Promise<Page<string>> {
    const query = new URLSearchParams({ n: String(pageSize), ...(last ? { last } : {}) });
    const response = await this.request(`/v2/${repository}/tags/list?${query}`, { signal }, `repository:${repository}:pull`);
    const body = (await response.json()) as { tags?: string[] | null };
    const linked = this.lastFromLink(response);
    const tags = body.tags ?? [];
    // Registries before distribution 3 ignore `n` and `last` for tags and send them all: page them here instead.
    if (linked || tags.length <= pageSize) return { items: tags, last: linked };
    const remaining = [...tags].sort().filter((tag) => last === undefined || tag > last);
    const items = remaining.slice(0, pageSize);
    return { items, last: remaining.length > pageSize ? items[items.length - 1] : undefined };
  }

  async manifest(repository: string, reference: string, signal?: AbortSignal): Promise<Manifest> {
    const response = await this.request(`/v2/${repository}/manifests/${reference}`, { signal, headers: { Accept: MANIFEST_ACCEPT } }, `repository:${repository}:pull`);
    const body = (await response.json()) as Manifest['body'];
    return {
      digest: response.headers.get('Docker-Content-Digest') ?? undefined,
      mediaType: response.headers.get('Content-Type')?.split(';')[0] ?? body.mediaType ?? '',
      body,
    };
  }

  async manifestDigest(repository: string, reference: string, signal?: AbortSignal): Promise<string> {
    const response = await this.request(`/v2/${repository}/manifests/${reference}`, { method: 'HEAD', signal, headers: { Accept: MANIFEST_ACCEPT } }, `repository:${repository}:pull`);
    const digest = response.headers.get('Docker-Content-Digest');
    if (!digest) throw new ApiError('internal', `${this.host} did not report the digest of ${repository}:${reference}.`);
    return digest;
  }

  async blobJson<T>(repository: string, digest: string, signal?: AbortSignal): Promise<T> {
    const response = await this.request(`/v2/${repository}/blobs/${digest}`, { signal }, `repository:${repository}:pull`);
    return (await response.json()) as T;
  }

  async deleteManifest(repository: string, digest: string, signal?: AbortSignal): Promise<void> {
    const response = await this.request(`/v2/${repository}/manifests/${digest}`, { method: 'DELETE', signal }, `repository:${repository}:delete`);
    await response.body?.cancel();
  }

  private lastFromLink(response: Response): string | undefined {
    return nextLink(response.headers.get('Link'), response.url || this.baseUrl)?.searchParams.get('last') ?? undefined;
  }

  private async request(path: string, init: RequestInit & { signal?: AbortSignal }, scope: string): Promise<Response> {
    const url = new URL(path, this.baseUrl);
    let response = await this.send(url, init, await this.authorization(scope, init.signal));
    if (response.status === 401) {
      await response.body?.cancel();
      this.challenge = parseChallenge(response.headers.get('WWW-Authenticate')) ?? { scheme: 'basic', params: {} };
      this.tokens.delete(scope);
      const retry = await this.authorization(scope, init.signal);
      if (!retry) throw new ApiError('forbidden', `${this.host} requires you to log in.`);
      response = await this.send(url, init, retry);
      if (response.status === 401) {
        await response.body?.cancel();
        throw new ApiError('forbidden', `${this.host} refused the user name or password.`);
      }
    }
    if (!response.ok) throw await this.failure(response);
    return response;
  }

  private async send(url: URL, init: RequestInit & { signal?: AbortSignal }, authorization: string | undefined): Promise<Response> {
    try {
      return await fetch(url, {
        ...init,
        headers: { ...(init.headers as Record<string, string> | undefined), ...(authorization ? { Authorization: authorization } : {}) },
        signal: requestSignal(init.signal),
        redirect: 'follow',
      });
    } catch (err) {
      throw unreachable(this.host, err);
    }
  }

  /** The Authorization header for a scope, following the last challenge the registry sent. */
  private async authorization(scope: string, signal?: AbortSignal): Promise<string | undefined> {
    if (!this.challenge) return undefined;
    if (this.challenge.scheme === 'basic') return this.credentials ? basicHeader(this.credentials) : undefined;
    const cached = this.tokens.get(scope);
    if (cached) return `Bearer ${cached}`;
    const { realm, service } = this.challenge.params;
    if (!realm) throw new ApiError('internal', `${this.host} asked for a token without saying where to get one.`);
    const tokenUrl = new URL(realm);
    if (service) tokenUrl.searchParams.set('service', service);
    tokenUrl.searchParams.set('scope', scope);
    let response: Response;
    try {
      response = await fetch(tokenUrl, {
        headers: this.credentials ? { Authorization: basicHeader(this.credentials) } : {},
        signal: requestSignal(signal),
      });
    } catch (err) {
      throw unreachable(tokenUrl.host, err);
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new ApiError('forbidden', `${this.host} refused the user name or password.`);
    }
    if (!response.ok) throw await this.failure(response);
    const body = (await response.json()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new ApiError('internal', `${tokenUrl.host} answered without a token.`);
    this.tokens.set(scope, token);
    return `Bearer ${token}`;
  }

  private async failure(response: Response): Promise<ApiError> {
    const text = await response.text().catch(() => '');
    let detail = '';
    try {
      const errors = (JSON.parse(text) as { errors?: { code?: string; message?: string }[] }).errors;
      detail = errors?.map((error) => error.message ?? error.code).filter(Boolean).join('; ') ?? '';
    } catch {
      detail = text.slice(0, 200);
    }
    const what = `${this.host} answered ${response.status}${detail ? `: ${detail}` : ''}`;
    if (response.status === 404) return new ApiError('not-found', `${what}.`);
    if (response.status === 403) return new ApiError('forbidden', `${what}.`);
    if (response.status === 405) return new ApiError('forbidden', `${this.host} does not allow this (deletes may be disabled on it).`);
    return new ApiError('internal', `${what}.`);
  }
}
