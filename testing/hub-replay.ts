import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface HubReplay {
  url: string;
  /** Search terms the replay was asked for, in order. */
  queries: string[];
  close(): Promise<void>;
}

/**
 * A loopback stand-in for Docker Hub's public API that answers in Hub's documented response format:
 * `GET /v2/search/repositories/?query=&page_size=` and `GET /v2/repositories/<ns>/<name>/tags?page_size=&page=`.
 * For every query it returns an official image named after the term and one community repository.
 */
export function startHubReplay(): Promise<HubReplay> {
  const queries: string[] = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://hub');
    response.setHeader('Content-Type', 'application/json');
    if (url.pathname === '/v2/search/repositories/') {
      const query = url.searchParams.get('query') ?? '';
      queries.push(query);
      response.end(
        JSON.stringify({
          count: 2,
          next: null,
          previous: null,
          results: [
            { repo_name: query, short_description: `Official ${query} image`, star_count: 20000, pull_count: 1_000_000_000, repo_owner: '', is_automated: false, is_official: true },
            { repo_name: `someone/${query}-tools`, short_description: 'Community tools', star_count: 3, pull_count: 120, repo_owner: '', is_automated: false, is_official: false },
          ],
        }),
      );
      return;
    }
    const tags = /^\/v2\/repositories\/(.+)\/tags$/.exec(url.pathname);
    if (tags) {
      const page = Number(url.searchParams.get('page') ?? '1');
      const names = page === 1 ? ['latest', '1.27'] : ['1.26'];
      response.end(
        JSON.stringify({
          count: 3,
          next: page === 1 ? `https://hub.docker.com/v2/repositories/${tags[1]}/tags?page=2` : null,
          previous: null,
          results: names.map((name, index) => ({
            name,
            full_size: 70_000_000 + index,
            last_updated: '2026-01-02T03:04:05.000000Z',
            digest: `sha256:${String(index).repeat(64)}`,
            images: [
              { architecture: 'amd64', os: 'linux', digest: `sha256:${'a'.repeat(64)}`, size: 70_000_000 },
              { architecture: 'arm64', os: 'linux', digest: `sha256:${'b'.repeat(64)}`, size: 69_000_000 },
            ],
          })),
        }),
      );
      return;
    }
    response.statusCode = 404;
    response.end(JSON.stringify({ message: 'object not found' }));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ url: `http://127.0.0.1:${port}`, queries, close: () => new Promise((done) => server.close(() => done())) });
    });
  });
}
