import { describe, expect, it } from 'vitest';
import { isValidRepositoryPath, parseImageReference, pullName } from './image-reference';

describe('parseImageReference', () => {
  it.each([
    ['nginx', { registry: 'docker.io', repository: 'library/nginx', canonical: 'nginx:latest' }],
    ['nginx:1.27', { registry: 'docker.io', repository: 'library/nginx', tag: '1.27', canonical: 'nginx:1.27' }],
    ['team/app', { registry: 'docker.io', repository: 'team/app', canonical: 'team/app:latest' }],
    ['localhost/app', { registry: 'localhost', repository: 'app' }],
    ['127.0.0.1:5000/ns/name:tag', { registry: '127.0.0.1:5000', repository: 'ns/name', tag: 'tag', canonical: '127.0.0.1:5000/ns/name:tag' }],
    [`busybox@sha256:${'a'.repeat(64)}`, { repository: 'library/busybox', digest: `sha256:${'a'.repeat(64)}`, canonical: `busybox@sha256:${'a'.repeat(64)}` }],
  ])('accepts %s', (input, expected) => {
    expect(parseImageReference(input)).toMatchObject(expected);
  });

  it.each([
    ['', /Enter an image reference/],
    ['Nginx', /lowercase/],
    ['nginx:', /not a valid image reference/],
    ['nginx:bad tag', /not a valid image reference/],
    ['host:port/x', /not a valid image reference/],
    ['nginx@sha256:short', /not a valid image reference/],
  ])('refuses %j with a sentence', (input, message) => {
    const result = parseImageReference(input);
    expect('error' in result && result.error).toMatch(message);
  });

  it('builds pull names without Hub’s implicit prefix', () => {
    expect(pullName('docker.io', 'library/nginx', '1.27')).toBe('nginx:1.27');
    expect(pullName('127.0.0.1:5000', 'ns/app', `sha256:${'b'.repeat(64)}`)).toBe(`127.0.0.1:5000/ns/app@sha256:${'b'.repeat(64)}`);
  });
});

describe('isValidRepositoryPath', () => {
  it.each(['app', 'team/app', 'a.b/c__d/e--f', 'x'.repeat(255)])('accepts %s', (path) => {
    expect(isValidRepositoryPath(path)).toBe(true);
  });

  it.each(['', 'App', 'team//app', '/app', 'app/', '-app', 'app_', 'a___b', '127.0.0.1:5000/app', 'x'.repeat(256)])('refuses %j', (path) => {
    expect(isValidRepositoryPath(path)).toBe(false);
  });
});
