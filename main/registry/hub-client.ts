import { z } from 'zod';
import type { TagInfo } from '../../common/contract';
import { ApiError } from '../../common/errors';
import { requestSignal, unreachable } from './http';

/** Hub's public API; `BERTH_DOCKER_HUB_URL` points it elsewhere (tests replay Hub's responses from loopback). */
export function hubBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.BERTH_DOCKER_HUB_URL ?? 'https://hub.docker.com';
}

/** Where Hub's registry API lives (for login verification); overridable like the search API. */
export function hubRegistryUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.BERTH_DOCKER_HUB_REGISTRY_URL ?? 'https://registry-1.docker.io';
}

// The documented response of `GET /v2/search/repositories/?query=&page_size=`; only the fields Berth shows.
const searchSchema = z.object({
  count: z.number().optional(),
  results: z.array(
    z.object({
      repo_name: z.string(),
      short_description: z.string().nullish(),
      star_count: z.number().nullish(),
      pull_count: z.number().nullish(),
      is_official: z.boolean().nullish(),
    }),
  ),
});

// `GET /v2/repositories/<namespace>/<name>/tags?page_size=&page=`.
const tagsSchema = z.object({
  count: z.number().optional(),
  next: z.string().nullish(),
  results: z.array(
    z.object({
      name: z.string(),
      full_size: z.number().nullish(),
      last_updated: z.string().nullish(),
      digest: z.string().nullish(),
      images: z.array(z.object({ digest: z.string().nullish() })).nullish(),
    }),
  ),
});

function readAs<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError('internal', 'Docker Hub sent an answer Berth could not read.');
  return parsed.data;
}

export interface HubRepository {
  repository: string;
  description?: string;
  stars?: number;
  pulls?: number;
  official: boolean;
}

export class HubClient {
  constructor(private readonly baseUrl: string = hubBaseUrl()) {}

  private get host(): string {
    return new URL(this.baseUrl).host;
  }

  async search(term: string, limit: number, signal?: AbortSignal): Promise<{ results: HubRepository[]; total: number }> {
    const body = readAs(searchSchema, await this.get(`/v2/search/repositories/?${new URLSearchParams({ query: term, page_size: String(limit) })}`, signal));
    const results = body.results.map((result) => ({
      repository: result.repo_name.includes('/') ? result.repo_name : `library/${result.repo_name}`,
      ...(result.short_description ? { description: result.short_description } : {}),
      ...(result.star_count != null ? { stars: result.star_count } : {}),
      ...(result.pull_count != null ? { pulls: result.pull_count } : {}),
      official: result.is_official ?? false,
    }));
    return { results, total: body.count ?? results.length };
  }

  async tags(repository: string, pageSize: number, page: number, signal?: AbortSignal): Promise<{ tags: TagInfo[]; nextPage?: number }> {
    const query = new URLSearchParams({ page_size: String(pageSize), page: String(page) });
    const body = readAs(tagsSchema, await this.get(`/v2/repositories/${repository}/tags?${query}`, signal));
    return {
      tags: body.results.map((tag) => ({
        tag: tag.name,
        ...(tag.digest ? { digest: tag.digest } : {}),
        ...(tag.full_size != null ? { sizeBytes: tag.full_size } : {}),
        ...(tag.last_updated ? { created: tag.last_updated } : {}),
        multiPlatform: (tag.images?.length ?? 0) > 1,
      })),
      ...(body.next ? { nextPage: page + 1 } : {}),
    };
  }

  private async get(path: string, signal?: AbortSignal): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(new URL(path, this.baseUrl), { headers: { Accept: 'application/json' }, signal: requestSignal(signal) });
    } catch (err) {
      throw unreachable(`Docker Hub (${this.host})`, err);
    }
    if (response.status === 404) throw new ApiError('not-found', 'Docker Hub has no such repository.');
    if (!response.ok) {
      await response.body?.cancel();
      throw new ApiError('internal', `Docker Hub answered ${response.status}.`);
    }
    try {
      return await response.json();
    } catch {
      throw new ApiError('internal', 'Docker Hub sent an answer Berth could not read.');
    }
  }
}
