import { describe, expect, it } from 'vitest';
import { describeChanges, dockerRunCommand, EMPTY_RUN_FORM, fromRunSpec, mergeEnv, parseEnvBlock, quoteShellWord, splitShellWords, toRunSpec, type RunForm } from './run-form';
import { formatMemoryFlag, formatMemorySize, parseMemory } from './units';

const form = (patch: Partial<RunForm>): RunForm => ({ ...EMPTY_RUN_FORM, ...patch });

describe('shell words', () => {
  it('splits like a shell and quotes back to the same words', () => {
    const words = splitShellWords(`sh -c 'echo "a b"; exit 2' plain\\ space "x\\"y" ''`);
    expect(words).toEqual(['sh', '-c', 'echo "a b"; exit 2', 'plain space', 'x"y', '']);
    expect(splitShellWords(words.map(quoteShellWord).join(' '))).toEqual(words);
    expect(() => splitShellWords('echo "open')).toThrow(/double quote is not closed/);
  });
});

describe('.env blocks', () => {
  it('reads KEY=value lines with export, quotes and comments, and merges by key', () => {
    const rows = parseEnvBlock('# comment\nexport A=1\nB = "two words"\nC=\'$raw\'\nD=x # note\n\nnot a line\n');
    expect(rows).toEqual([
      { key: 'A', value: '1' },
      { key: 'B', value: 'two words' },
      { key: 'C', value: '$raw' },
      { key: 'D', value: 'x' },
    ]);
    expect(mergeEnv([{ key: 'A', value: 'old' }, { key: '', value: '' }], rows.slice(0, 2))).toEqual(rows.slice(0, 2));
  });
});

describe('memory sizes', () => {
  it('parses docker-style sizes and formats them back', () => {
    expect(parseMemory('512m')).toBe(512 * 1024 ** 2);
    expect(parseMemory('1.5G')).toBe(1.5 * 1024 ** 3);
    expect(parseMemory('64MiB')).toBe(64 * 1024 ** 2);
    expect(parseMemory('lots')).toBeUndefined();
    expect(formatMemoryFlag(512 * 1024 ** 2)).toBe('512m');
    expect(formatMemoryFlag(2 * 1024 ** 3)).toBe('2g');
  });

  it('shows a memory size back in the binary unit it was typed in', () => {
    expect(formatMemorySize(parseMemory('8m')!)).toBe('8 MiB');
    expect(formatMemorySize(parseMemory('1536m')!)).toBe('1536 MiB');
    expect(formatMemorySize(parseMemory('2g')!)).toBe('2 GiB');
    expect(formatMemorySize(parseMemory('512k')!)).toBe('512 KiB');
  });
});

describe('toRunSpec', () => {
  it('builds the spec and the equivalent docker run command', () => {
    const result = toRunSpec(
      form({
        image: 'nginx:1.27',
        name: 'web',
        command: `sh -c 'httpd -f'`,
        env: [{ key: 'GREETING', value: 'hello world' }, { key: '', value: '' }],
        ports: [{ hostIp: '127.0.0.1', hostPort: '8080', containerPort: '80', protocol: 'tcp' }, { hostIp: '', hostPort: '', containerPort: '53', protocol: 'udp' }],
        mounts: [{ type: 'bind', source: '/srv/site', target: '/usr/share/nginx/html', readOnly: true }, { type: 'volume', source: '', target: '/cache', readOnly: false }],
        restartPolicy: 'on-failure',
        maximumRetryCount: '3',
        cpus: '1.5',
        memory: '256m',
        tty: true,
        interactive: true,
      }),
    );
    if (!('spec' in result)) throw new Error(JSON.stringify(result.errors));
    expect(result.spec).toMatchObject({ image: 'nginx:1.27', cmd: ['sh', '-c', 'httpd -f'], env: [{ key: 'GREETING', value: 'hello world' }], memoryBytes: 256 * 1024 ** 2 });
    expect(dockerRunCommand(result.spec)).toBe(
      `docker run -d --name web -it -e 'GREETING=hello world' -p 127.0.0.1:8080:80 -p 53/udp -v /srv/site:/usr/share/nginx/html:ro -v /cache --restart on-failure:3 --cpus 1.5 --memory 256m nginx:1.27 sh -c 'httpd -f'`,
    );
  });

  it('puts the first entrypoint word in --entrypoint and the rest before the command', () => {
    const result = toRunSpec(form({ image: 'busybox', entrypoint: 'sh -c', command: 'echo hi' }));
    if (!('spec' in result)) throw new Error('invalid');
    expect(dockerRunCommand(result.spec)).toBe(`docker run -d --entrypoint sh busybox -c echo hi`);
  });

  it('names every invalid field', () => {
    const result = toRunSpec(
      form({
        image: '',
        name: '-bad',
        command: 'echo "open',
        env: [{ key: 'HAS SPACE', value: 'x' }],
        ports: [{ hostIp: 'localhost', hostPort: '99999', containerPort: 'http', protocol: 'tcp' }, { hostIp: '', hostPort: '8080', containerPort: '80', protocol: 'tcp' }, { hostIp: '', hostPort: '8080', containerPort: '81', protocol: 'tcp' }],
        mounts: [{ type: 'bind', source: 'relative', target: 'data', readOnly: false }],
        cpus: '-1',
        memory: '1k',
        autoRemove: true,
        restartPolicy: 'always',
      }),
    );
    if (!('errors' in result)) throw new Error('should be invalid');
    expect(Object.keys(result.errors).sort()).toEqual(
      [
        'command', 'cpus', 'env.0.key', 'image', 'memory', 'mounts.0.source', 'mounts.0.target', 'name',
        'ports.0.containerPort', 'ports.0.hostIp', 'ports.0.hostPort', 'ports.2.hostPort', 'restartPolicy',
      ].sort(),
    );
    expect(result.errors['ports.2.hostPort']).toMatch(/used twice/);
  });

  it('names a malformed image reference, and takes a reference or an image id', () => {
    const upper = toRunSpec(form({ image: 'BusyBox:latest' }));
    expect('errors' in upper && upper.errors.image).toMatch(/must be lowercase/);
    const spaced = toRunSpec(form({ image: 'busy box' }));
    expect('errors' in spaced && spaced.errors.image).toMatch(/not a valid image reference/);
    for (const image of ['busybox', 'registry.example.com:5000/team/app:1.0', `sha256:${'a'.repeat(64)}`, 'a1b2c3d4e5f6']) {
      expect(toRunSpec(form({ image }))).toHaveProperty('spec');
    }
  });
});

describe('edit: the form from a container and the changes against it', () => {
  const current = {
    image: 'web:1',
    name: 'web',
    cmd: ['httpd', '-f', '-p', '80'],
    env: [{ key: 'GREETING', value: 'hello world' }],
    ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' as const }],
    mounts: [{ type: 'volume' as const, source: '', target: '/scratch', readOnly: false }],
    network: 'appnet',
    networkAliases: ['web', 'www'],
    restartPolicy: 'unless-stopped' as const,
    memoryBytes: 64 * 1024 * 1024,
    capDrop: ['CAP_NET_RAW'],
    labels: { team: 'a=b' },
  };

  it('reads a spec into the form and back without a change', () => {
    const form = fromRunSpec(current);
    expect(form.command).toBe('httpd -f -p 80');
    expect(form.memory).toBe('64m');
    expect(form.networkAliases).toBe('web, www');
    const back = toRunSpec(form);
    if (!('spec' in back)) throw new Error(JSON.stringify(back.errors));
    expect(describeChanges(back.spec, back.spec)).toEqual([]);
    expect(back.spec).toMatchObject(current);
  });

  it('lists each change, one line each', () => {
    const before = toRunSpec(fromRunSpec(current));
    const form = fromRunSpec(current);
    form.env = [{ key: 'GREETING', value: 'changed' }, { key: 'NEW', value: '1' }];
    form.ports = [{ ...form.ports[0]!, hostPort: '8081' }];
    form.restartPolicy = 'always';
    form.networkAliases = 'web';
    const after = toRunSpec(form);
    if (!('spec' in before) || !('spec' in after)) throw new Error('invalid');
    expect(describeChanges(before.spec, after.spec)).toEqual([
      'Environment: GREETING=hello world → GREETING=changed',
      'Environment: + NEW=1',
      'Port: − 127.0.0.1:8080 → 80/tcp',
      'Port: + 127.0.0.1:8081 → 80/tcp',
      'Network alias: − www',
      'Restart policy: unless-stopped → always',
    ]);
    expect(dockerRunCommand(after.spec)).toContain("--network appnet --network-alias web --restart always --cap-drop CAP_NET_RAW --label team=a=b --memory 64m web:1 httpd -f -p 80");
  });

  it('refuses aliases without a user-defined network', () => {
    const result = toRunSpec({ ...EMPTY_RUN_FORM, image: 'web:1', networkAliases: 'web' });
    expect('errors' in result && result.errors.networkAliases).toMatch(/user-defined network/);
  });
});
