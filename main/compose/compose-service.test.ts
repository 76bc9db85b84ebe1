import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { explainPortConflict, servicesInFile, specFromLabels, summarizeServices } from './compose-service';

function container(service: string, name: string, state: string, ports: Docker.Port[] = []): Docker.ContainerInfo {
  return {
    Id: `id-${name}`,
    Names: [`/${name}`],
    State: state,
    Status: state === 'running' ? 'Up 3 seconds' : 'Exited (0)',
    Image: 'busybox',
    Ports: ports,
    Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': service },
  } as unknown as Docker.ContainerInfo;
}

describe('compose projects', () => {
  it('reads a spec from the labels Compose puts on containers', () => {
    expect(
      specFromLabels('shop', {
        'com.docker.compose.project.working_dir': '/srv/shop',
        'com.docker.compose.project.config_files': '/srv/shop/compose.yaml,override.yml',
        'com.docker.compose.project.environment_file': '/srv/shop/.env',
      }),
    ).toEqual({ name: 'shop', workingDir: '/srv/shop', files: ['/srv/shop/compose.yaml', '/srv/shop/override.yml'], profiles: [], envFile: '/srv/shop/.env' });
  });

  it("lists a file's services with their replica counts", () => {
    expect(servicesInFile('services:\n  a:\n    image: x\n  b:\n    build: .\n    deploy:\n      replicas: 3\n  c:\n    scale: 2\n')).toEqual([
      { name: 'a', image: 'x', replicas: 1 },
      { name: 'b', image: undefined, replicas: 3 },
      { name: 'c', image: undefined, replicas: 2 },
    ]);
    expect(servicesInFile('x-only: 1\n')).toEqual([]);
  });

  it('summarizes services from containers and the file', () => {
    const services = summarizeServices(
      [
        container('web', 'shop_web_1', 'running', [{ IP: '127.0.0.1', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }]),
        container('worker', 'shop_worker_2', 'exited'),
        container('worker', 'shop_worker_1', 'running'),
        container('old', 'shop_old_1', 'exited'),
      ],
      [
        { name: 'web', image: 'web:dev', replicas: 1 },
        { name: 'worker', replicas: 1 },
        { name: 'db', image: 'postgres', replicas: 2 },
      ],
    );
    expect(services.map(({ name, state, running, desired }) => ({ name, state, running, desired }))).toEqual([
      { name: 'web', state: 'running', running: 1, desired: 1 },
      { name: 'worker', state: 'partial', running: 1, desired: 2 },
      { name: 'db', state: 'absent', running: 0, desired: 2 },
      { name: 'old', state: 'stopped', running: 0, desired: 1 },
    ]);
    expect(services[0]!.ports).toEqual([{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' }]);
    expect(services[1]!.containers.map((entry) => entry.name)).toEqual(['shop_worker_1', 'shop_worker_2']);
  });

  it('says which line publishes a port already in use', () => {
    const files = [{ path: '/srv/compose.yaml', content: 'services:\n  web:\n    ports:\n      - "127.0.0.1:8080:80"\n' }];
    expect(explainPortConflict('Error starting userland proxy: Bind for 127.0.0.1:8080 failed: port is already allocated', files)).toBe(
      'Host port 8080 is already in use by another program or container; /srv/compose.yaml line 4 publishes it: - "127.0.0.1:8080:80"',
    );
    expect(explainPortConflict('listen tcp4 0.0.0.0:9000: bind: address already in use', files)).toBe('Host port 9000 is already in use by another program or container.');
    expect(explainPortConflict('some other failure', files)).toBeUndefined();
  });
});
