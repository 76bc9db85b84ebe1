import { describe, expect, it } from 'vitest';
import { clearsignedBody, parseStanzas } from './deb822';
import { parseDependsField, parsePackagesIndex } from './packages';
import { parseRelease } from './release';
import { resolveDependencies } from './resolve';

const stanza = (name: string, fields: Record<string, string> = {}): string =>
  [
    `Package: ${name}`,
    `Version: ${fields.Version ?? '1.0-1'}`,
    'Architecture: amd64',
    ...Object.entries(fields).filter(([k]) => k !== 'Version').map(([k, v]) => `${k}: ${v}`),
    `Filename: pool/main/${name[0]}/${name}/${name}_1.0-1_amd64.deb`,
    'Size: 1234',
    `SHA256: ${Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64)}`,
    'Description: a package',
    ' with a continued description',
    '',
  ].join('\n');

// A small universe shaped like trixie's engine packages.
const FIXTURE = [
  stanza('docker.io', {
    Depends: 'libc6 (>= 2.34), adduser, containerd (>= 1.4~), iptables, sysvinit-utils (>= 3.05-4~), tini',
    'Pre-Depends': 'init-system-helpers (>= 1.54~)',
    Recommends: 'ca-certificates',
  }),
  stanza('containerd', { Depends: 'runc (>= 0.1.0~), libc6 (>= 2.34)' }),
  stanza('runc', { Depends: 'libc6 (>= 2.38), libseccomp2 (>= 2.5.0)' }),
  stanza('libc6', { Depends: 'libgcc-s1' }),
  stanza('libgcc-s1', { Depends: 'gcc-14-base (= 14.2.0-19), libc6 (>= 2.35)' }),
  stanza('gcc-14-base'),
  stanza('libseccomp2', { Depends: 'libc6 (>= 2.14)' }),
  stanza('iptables', { Depends: 'libxtables12 (= 1.8.11-2), netbase (>= 6.0), libc6:any (>= 2.38)' }),
  stanza('libxtables12', { Depends: 'libc6 (>= 2.34)' }),
  stanza('netbase'),
  stanza('tini', { Depends: 'libc6 (>= 2.38)' }),
  stanza('adduser', { Depends: 'passwd' }),
  stanza('sysvinit-utils'),
  stanza('init-system-helpers', { Depends: 'perl-base' }),
  stanza('ca-certificates', { Depends: 'openssl (>= 1.1.1), debconf (>= 0.5) | debconf-2.0' }),
  stanza('mawk', { Provides: 'awk' }),
  stanza('needs-awk', { Depends: 'awk' }),
  stanza('prefers-missing', { Depends: 'not-in-index | netbase' }),
].join('\n');

describe('deb822', () => {
  it('parses stanzas with continuation lines and keeps field values trimmed', () => {
    const [first, second] = parseStanzas('Package: a\nDescription: short\n long\n .\nSize: 3\n\n\nPackage: b\n');
    expect(first?.get('Description')).toBe('short\nlong\n.');
    expect(first?.get('Size')).toBe('3');
    expect(second?.get('Package')).toBe('b');
  });

  it('rejects a line that is neither a field nor a continuation', () => {
    expect(() => parseStanzas('Package: a\nnot a field\n')).toThrow(/not a field/);
  });

  it('takes the signed body of a clear-signed InRelease and undoes dash-escaping', () => {
    const signed = ['-----BEGIN PGP SIGNED MESSAGE-----', 'Hash: SHA512', '', 'Suite: stable', '- -dashed', '-----BEGIN PGP SIGNATURE-----', 'xx', '-----END PGP SIGNATURE-----'].join('\n');
    expect(clearsignedBody(signed)).toBe('Suite: stable\n-dashed');
  });
});

describe('Release', () => {
  it('reads the SHA256 list of index files', () => {
    const sum = 'a'.repeat(64);
    const info = parseRelease(`Suite: stable\nCodename: trixie\nVersion: 13.8\nDate: Sat, 01 Nov 2026 10:00:00 UTC\nMD5Sum:\n ${'b'.repeat(32)} 10 main/binary-amd64/Packages.xz\nSHA256:\n ${sum}   9679304 main/binary-amd64/Packages.xz\n ${sum} 55 main/binary-arm64/Release\n`);
    expect(info.codename).toBe('trixie');
    expect(info.version).toBe('13.8');
    expect(info.sha256.get('main/binary-amd64/Packages.xz')).toEqual({ sha256: sum, size: 9679304 });
    expect(info.sha256.size).toBe(2);
  });

  it('refuses a release without a SHA256 list', () => {
    expect(() => parseRelease('Suite: stable\n')).toThrow(/SHA256/);
  });
});

describe('Packages index', () => {
  it('parses alternatives, version constraints, arch qualifiers and provides', () => {
    expect(parseDependsField('a (>= 1.0), b:any | c (= 2), d [amd64] <!nocheck>')).toEqual([
      [{ name: 'a', constraint: '>= 1.0' }],
      [{ name: 'b' }, { name: 'c', constraint: '= 2' }],
      [{ name: 'd' }],
    ]);
    const index = parsePackagesIndex(FIXTURE);
    expect(index.packages.get('docker.io')?.preDepends).toEqual([[{ name: 'init-system-helpers', constraint: '>= 1.54~' }]]);
    expect(index.providers.get('awk')).toEqual(['mawk']);
    expect(index.packages.get('runc')?.size).toBe(1234);
  });

  it('rejects a stanza without a checksum', () => {
    expect(() => parsePackagesIndex('Package: x\nVersion: 1\nFilename: f\n')).toThrow(/SHA256/);
  });
});

describe('resolveDependencies', () => {
  const index = parsePackagesIndex(FIXTURE);
  const skip = new Set(['init-system-helpers', 'adduser', 'sysvinit-utils', 'debconf', 'debconf-2.0', 'openssl', 'perl-base']);

  it('follows Depends and Pre-Depends to a closure, skipping what the skip list names', () => {
    const r = resolveDependencies(index, ['docker.io', 'ca-certificates'], skip);
    expect(r.packages.map((p) => p.name)).toEqual([
      'ca-certificates', 'containerd', 'docker.io', 'gcc-14-base', 'iptables', 'libc6', 'libgcc-s1', 'libseccomp2', 'libxtables12', 'netbase', 'runc', 'tini',
    ]);
    expect(r.skipped).toEqual([
      'docker.io -> init-system-helpers',
      'docker.io -> adduser',
      'docker.io -> sysvinit-utils',
      'ca-certificates -> openssl',
      'ca-certificates -> debconf | debconf-2.0',
    ]);
    expect(r.reasons.get('libseccomp2')).toBe('runc');
    // Recommends are not followed.
    expect(r.packages.some((p) => p.name === 'passwd')).toBe(false);
  });

  it('takes the first alternative the index has, and a provider for a virtual package', () => {
    expect(resolveDependencies(index, ['prefers-missing'], skip).packages.map((p) => p.name)).toEqual(['netbase', 'prefers-missing']);
    expect(resolveDependencies(index, ['needs-awk'], skip).packages.map((p) => p.name)).toEqual(['mawk', 'needs-awk']);
  });

  it('fails on a dependency nothing satisfies, naming who needs it', () => {
    expect(() => resolveDependencies(index, ['adduser'], new Set())).toThrow(/adduser depends on passwd/);
    expect(() => resolveDependencies(index, ['nope'], skip)).toThrow(/root package nope/);
  });

  it('refuses a root that is also skipped', () => {
    expect(() => resolveDependencies(index, ['adduser'], skip)).toThrow(/skip list/);
  });
});
