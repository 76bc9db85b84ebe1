import { describe, expect, it } from 'vitest';
import { composeArgs, composeEnv, normalizeProjectName, projectArgs, shellLine, standardCertDir } from './compose-args';
import { composeInstallHint, parseComposeVersion } from './compose-cli';
import { lineSplitter } from './compose-run';

const project = { name: 'shop', workingDir: '/srv/shop', files: ['/srv/shop/compose.yaml', '/srv/shop/override.yml'], envFile: '/srv/shop/.env.dev', profiles: ['debug'] };

describe('compose arguments', () => {
  it('selects the project the same way for every command', () => {
    expect(projectArgs(project)).toEqual([
      '-p', 'shop', '--project-directory', '/srv/shop', '-f', '/srv/shop/compose.yaml', '-f', '/srv/shop/override.yml', '--env-file', '/srv/shop/.env.dev', '--profile', 'debug',
    ]);
    expect(projectArgs(project, '/srv/shop/compose.yaml')).toContain('-');
  });

  it('builds each action', () => {
    const tail = (action: Parameters<typeof composeArgs>[1]) => composeArgs({ ...project, files: [], envFile: undefined, profiles: [] }, action).map((args) => args.slice(4)).flat();
    expect(tail({ kind: 'up', build: true, removeOrphans: false })).toEqual(['up', '-d', '--build']);
    expect(tail({ kind: 'down', removeVolumes: true, removeImages: 'local' })).toEqual(['down', '--volumes', '--rmi', 'local']);
    expect(tail({ kind: 'down', removeVolumes: false, removeImages: 'none' })).toEqual(['down']);
    expect(tail({ kind: 'restart', service: 'web' })).toEqual(['restart', 'web']);
    expect(tail({ kind: 'pull' })).toEqual(['pull']);
    expect(tail({ kind: 'scale', service: 'worker', replicas: 3 })).toEqual(['up', '-d', '--no-deps', '--no-recreate', '--scale', 'worker=3', 'worker']);
    expect(tail({ kind: 'recreate', service: 'web' })).toEqual(['up', '-d', '--force-recreate', '--no-deps', 'web']);
  });

  it('pulls, then ups, for "pull and up" (one project selection each)', () => {
    const commands = composeArgs({ ...project, files: [], envFile: undefined, profiles: [] }, { kind: 'pullUp', service: 'web' });
    expect(commands.map((args) => args.slice(4))).toEqual([['pull', 'web'], ['up', '-d', 'web']]);
    expect(commands.every((args) => args.slice(0, 4).join(' ') === '-p shop --project-directory /srv/shop')).toBe(true);
    expect(composeArgs(project, { kind: 'pullUp' }).map((args) => args.slice(-2))).toEqual([['debug', 'pull'], ['up', '-d']]);
  });

  it('quotes a command line for a shell', () => {
    expect(shellLine('docker', ['compose', '-f', '/a b/c.yml', "it's"])).toBe(`docker compose -f '/a b/c.yml' 'it'\\''s'`);
  });

  it('normalizes folder names as Compose does', () => {
    expect(normalizeProjectName('My App.v2')).toBe('myappv2');
    expect(normalizeProjectName('_x-Y')).toBe('x-y');
  });
});

describe('compose environment', () => {
  const base = { PATH: '/bin', DOCKER_HOST: 'tcp://elsewhere:2375', DOCKER_CONTEXT: 'other', COMPOSE_FILE: 'x.yml', HOME: '/root' };

  it("prefers Berth's socket and drops the shell's engine settings", () => {
    const env = composeEnv(base, { proxyUrl: 'unix:///d/run/docker.sock', target: { url: 'tcp://1.2.3.4:2376', tls: { caPath: '/c/ca.pem' } } });
    expect(env).toEqual({ PATH: '/bin', HOME: '/root', DOCKER_HOST: 'unix:///d/run/docker.sock' });
  });

  it('passes TLS settings for a TLS engine without the socket', () => {
    const env = composeEnv(base, { target: { url: 'tcp://127.0.0.1:2376', tls: { caPath: '/c/ca.pem', certPath: '/c/cert.pem', keyPath: '/c/key.pem' } } }, '/c');
    expect(env).toMatchObject({ DOCKER_HOST: 'tcp://127.0.0.1:2376', DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: '/c' });
    expect(env.DOCKER_CONTEXT).toBeUndefined();
  });

  it('uses a cert folder only when the files have the names the CLI expects', () => {
    expect(standardCertDir({ caPath: '/c/ca.pem', certPath: '/c/cert.pem', keyPath: '/c/key.pem' })).toBe('/c');
    expect(standardCertDir({ caPath: '/c/root.crt', certPath: '/c/cert.pem', keyPath: '/c/key.pem' })).toBeUndefined();
    expect(standardCertDir({ caPath: '/c/ca.pem', certPath: '/d/cert.pem', keyPath: '/d/key.pem' })).toBeUndefined();
  });
});

describe('compose CLI', () => {
  it('reads v1 and v2 version lines', () => {
    expect(parseComposeVersion('docker-compose version 1.29.2, build unknown\ndocker-py version: 5.0.3')).toBe('1.29.2');
    expect(parseComposeVersion('Docker Compose version v2.29.1-desktop.1')).toBe('2.29.1-desktop.1');
    expect(parseComposeVersion('docker: unknown command: docker compose')).toBeUndefined();
  });

  it('says what to install per platform', () => {
    expect(composeInstallHint('linux', 'debian')).toMatch(/apt-get install docker-compose/);
    expect(composeInstallHint('linux', 'fedora')).toMatch(/dnf install docker-compose/);
    expect(composeInstallHint('darwin')).toMatch(/brew install docker-compose/);
    expect(composeInstallHint('win32')).toMatch(/Docker Desktop/);
    expect(composeInstallHint('linux', 'unknownos')).toMatch(/docker-compose-plugin/);
  });

  it('splits output into lines, including carriage-return progress and lines cut across chunks', () => {
    const lines: string[] = [];
    const splitter = lineSplitter((line) => lines.push(line));
    splitter.push('Creating a ... \r');
    splitter.push('\nCreating b ... \x1b[32mdone\x1b[0m\rPulling 10%\rPulling');
    splitter.push(' 20%\nlast');
    splitter.end();
    expect(lines).toEqual(['Creating a ... ', 'Creating b ... \x1b[32mdone\x1b[0m', 'Pulling 10%', 'Pulling 20%', 'last']);
  });
});
