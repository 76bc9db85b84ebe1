import http from 'node:http';

export interface FakeEngineServer {
  socketPath: string;
  close(): Promise<void>;
}

/**
 * A real HTTP server on a unix socket that answers `/_ping` and `/version` like Docker or Podman do, for
 * discovery tests that need several distinct engines on disk. (The full API is exercised against the real dockerd.)
 */
export function startFakeEngine(socketPath: string, kind: 'docker' | 'podman', version = kind === 'podman' ? '4.3.1' : '24.0.7'): Promise<FakeEngineServer> {
  const server = http.createServer((request, response) => {
    const path = (request.url ?? '').replace(/^\/v[\d.]+/, '');
    if (path === '/_ping') {
      response.end('OK');
    } else if (path === '/version') {
      const components = kind === 'podman' ? [{ Name: 'Podman Engine', Version: version }] : [{ Name: 'Engine', Version: version }];
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ Version: version, ApiVersion: '1.41', Components: components }));
    } else {
      response.statusCode = 404;
      response.end(JSON.stringify({ message: 'not implemented by the fake engine' }));
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () =>
      resolve({
        socketPath,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}
