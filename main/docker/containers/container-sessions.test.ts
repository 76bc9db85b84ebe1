import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { containersContract, type DownloadEvent, type TerminalEvent } from '../../../common/contract/containers';
import { ApiError } from '../../../common/errors';
import type { ResponseMessage } from '../../../common/protocol';
import { dockerCli, uniqueName } from '../../../testing/docker-cli';
import { containerHandlers } from '../../api/handlers/containers';
import { createRouter, type RouterConnection } from '../../api/router';
import { EngineConnection } from '../../engine/connection';
import { ContainerFiles, relativeEntryPath } from './container-files';
import { TerminalSessions } from './container-terminal';
import { UploadSessions } from './container-uploads';

const { dockerHost, image } = inject('testEngine');
const LABEL = 'berth.test=container-sessions';
const docker = (args: string[]) => dockerCli(dockerHost, args);

let engine: EngineConnection;
let sleeper: string;

async function waitFor<T>(check: () => T | undefined, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`Timed out waiting for ${what}`);
}

const decode = (events: TerminalEvent[]) =>
  events.map((e) => (e.type === 'output' ? Buffer.from(e.data, 'base64').toString('utf8') : '')).join('');

beforeAll(async () => {
  engine = new EngineConnection(dockerHost);
  sleeper = uniqueName('sessions');
  await docker(['run', '-d', '--label', LABEL, '--name', sleeper, '-e', 'GREETING=hi there', image, 'sleep', '3600']);
});

afterAll(async () => {
  const ids = await docker(['ps', '-aq', '--filter', `label=${LABEL}`]);
  if (ids) await docker(['rm', '-fv', ...ids.split('\n')]);
  engine.stop();
});

describe('TerminalSessions', () => {
  it('runs a shell, carries input and output, resizes, and reports the exit code', async () => {
    const sessions = new TerminalSessions(engine);
    const events: TerminalEvent[] = [];
    let ended = false;
    const opened = await sessions.exec(sleeper, { cmd: ['/bin/sh'], user: '', cols: 100, rows: 30 }, (e) => events.push(e), () => (ended = true));
    expect(events[0]).toEqual({ type: 'session', sessionId: opened.sessionId });

    sessions.write(opened.sessionId, 'stty size; echo "value=$GREETING"\r');
    await waitFor(() => (decode(events).includes('value=hi there') ? true : undefined), 'the echo');
    expect(decode(events)).toContain('30 100');

    await sessions.resize(opened.sessionId, 120, 40);
    sessions.write(opened.sessionId, 'stty size; exit 3\r');
    await waitFor(() => (ended ? true : undefined), 'the shell to exit');
    expect(decode(events)).toContain('40 120');
    expect(events.at(-1)).toEqual({ type: 'exit', exitCode: 3 });
    expect(sessions.openSessions).toBe(0);
    expect(() => sessions.write(opened.sessionId, 'x')).toThrow(/ended/);
  });

  it('runs as another user', async () => {
    const sessions = new TerminalSessions(engine);
    const events: TerminalEvent[] = [];
    let ended = false;
    await sessions.exec(sleeper, { cmd: ['id', '-u'], user: 'nobody', cols: 80, rows: 24 }, (e) => events.push(e), () => (ended = true));
    await waitFor(() => (ended ? true : undefined), 'id to exit');
    expect(decode(events)).toContain('65534');
  });

  it('refuses a stopped container and attach without a TTY with a reason', async () => {
    const sessions = new TerminalSessions(engine);
    const stopped = uniqueName('stopped');
    await docker(['create', '--label', LABEL, '--name', stopped, image]);
    await expect(sessions.exec(stopped, { cmd: ['/bin/sh'], user: '', cols: 80, rows: 24 }, () => undefined, () => undefined)).rejects.toThrow(/not running/);
    await expect(sessions.attach(sleeper, { cols: 80, rows: 24 }, () => undefined, () => undefined)).rejects.toThrow(/not started with a TTY/);
  });

  it('attaches to the main process of a TTY container', async () => {
    const name = uniqueName('tty');
    await docker(['run', '-d', '-it', '--label', LABEL, '--name', name, image, 'sh']);
    const sessions = new TerminalSessions(engine);
    const events: TerminalEvent[] = [];
    const opened = await sessions.attach(name, { cols: 80, rows: 24 }, (e) => events.push(e), () => undefined);
    sessions.write(opened.sessionId, 'echo attached-$((40+2))\r');
    await waitFor(() => (decode(events).includes('attached-42') ? true : undefined), 'the attached echo');
    opened.close();
    expect(sessions.openSessions).toBe(0);
    // Leaving the attach session does not stop the container.
    expect(await docker(['inspect', '-f', '{{.State.Status}}', name])).toBe('running');
  });
});

describe('containers.exec through the router', () => {
  it('closes the exec socket when the subscriber leaves', async () => {
    const router = createRouter(containersContract, containerHandlers(engine));
    const messages: ResponseMessage[] = [];
    const connection: RouterConnection = router.connect((message) => messages.push(message));
    connection.receive({ t: 'sub', id: 1, stream: 'containers.exec', input: { id: sleeper, cmd: ['sleep', '300'] } });
    await waitFor(() => messages.find((m) => m.t === 'event'), 'the session event');
    const running = () => docker(['exec', sleeper, 'sh', '-c', 'ps -o args | grep -c "^sleep 300$" || true']);
    expect(await running()).toBe('1');
    connection.receive({ t: 'unsub', id: 1 });
    expect(connection.openStreams).toBe(0);
    // The engine hangs up the TTY of an exec whose socket closed; its process gets SIGHUP.
    for (let i = 0; i < 100 && (await running()) !== '0'; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await running()).toBe('0');
  });
});

describe('ContainerFiles', () => {
  it('lists a folder through the archive API, with folder sizes summed', async () => {
    await docker(['exec', sleeper, 'sh', '-c', 'mkdir -p /srv/sub && printf abc > /srv/a.txt && printf 12345 > /srv/sub/b.bin && ln -s a.txt /srv/link']);
    const files = new ContainerFiles(engine);
    const listing = await files.list(sleeper, '/srv/');
    expect(listing.path).toBe('/srv');
    expect(listing.truncated).toBe(false);
    expect(listing.entries.map((e) => [e.name, e.type, e.sizeBytes])).toEqual([
      ['sub', 'directory', 5],
      ['a.txt', 'file', 3],
      ['link', 'symlink', 0],
    ]);
    expect(listing.entries[2]?.linkTarget).toBe('a.txt');
    const root = await files.list(sleeper, '/');
    expect(root.entries.map((e) => e.name)).toEqual(expect.arrayContaining(['bin', 'etc', 'srv']));
  });

  it('says when a path is a file or missing', async () => {
    const files = new ContainerFiles(engine);
    await expect(files.list(sleeper, '/etc/passwd')).rejects.toThrow(/is a file, not a folder/);
    await expect(files.list(sleeper, '/nope')).rejects.toMatchObject({ code: 'not-found', message: '/nope does not exist in the container.' });
    // Following a link to /proc (as /etc/mtab → /proc/mounts), or opening /proc, says why it cannot be listed.
    await expect(files.list(sleeper, '/proc')).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/^\/proc is in a filesystem the kernel makes up/) });
    await expect(files.list(sleeper, '/proc/mounts')).rejects.toThrow(/Open the Terminal tab/);
  });

  it('uploads a file into a folder and downloads it back as itself, and a folder as tar', async () => {
    const files = new ContainerFiles(engine);
    const uploads = new UploadSessions(files);
    const content = Buffer.from('uploaded by berth\n'.repeat(1000));
    const uploadId = await uploads.begin(sleeper, '/tmp', 'note.txt', content.length);
    for (let at = 0; at < content.length; at += 7000) await uploads.append(uploadId, content.subarray(at, at + 7000));
    await uploads.finish(uploadId);
    expect(uploads.active).toBe(0);
    expect(await docker(['exec', sleeper, 'wc', '-c', '/tmp/note.txt'])).toBe(`${content.length} /tmp/note.txt`);

    const download = async (path: string) => {
      const events: DownloadEvent[] = [];
      let done = false;
      await files.download(sleeper, path, (e) => events.push(e), () => (done = true), (err) => {
        throw err;
      });
      await waitFor(() => (done ? true : undefined), 'the download');
      const data = Buffer.concat(events.flatMap((e) => (e.type === 'chunk' ? [Buffer.from(e.data, 'base64')] : [])));
      return { start: events[0], data };
    };
    const file = await download('/tmp/note.txt');
    expect(file.start).toEqual({ type: 'start', fileName: 'note.txt', contentType: 'application/octet-stream' });
    expect(file.data.equals(content)).toBe(true);

    const folder = await download('/tmp');
    expect(folder.start).toEqual({ type: 'start', fileName: 'tmp.tar', contentType: 'application/x-tar' });
    expect(folder.data.includes(Buffer.from('tmp/note.txt'))).toBe(true);

    await expect(uploads.begin(sleeper, '/missing', 'x.txt', 1)).rejects.toThrow(/does not exist/);
    await expect(uploads.begin(sleeper, '/etc/passwd', 'x.txt', 1)).rejects.toThrow(ApiError);
  });

  it('refuses more or fewer bytes than announced, and cleans up every upload', async () => {
    const uploads = new UploadSessions(new ContainerFiles(engine));
    const tooMuch = await uploads.begin(sleeper, '/tmp', 'big.txt', 3);
    await expect(uploads.append(tooMuch, Buffer.from('four'))).rejects.toThrow(/More data arrived/);
    const tooLittle = await uploads.begin(sleeper, '/tmp', 'short.txt', 10);
    await uploads.append(tooLittle, Buffer.from('abc'));
    await expect(uploads.finish(tooLittle)).rejects.toThrow(/Only 3 of 10 bytes/);
    await expect(uploads.append(tooLittle, Buffer.from('x'))).rejects.toThrow(/no longer in progress/);
    const empty = await uploads.begin(sleeper, '/tmp', 'empty.txt', 0);
    await uploads.finish(empty);
    expect(await docker(['exec', sleeper, 'wc', '-c', '/tmp/empty.txt'])).toBe('0 /tmp/empty.txt');
    expect(await docker(['exec', sleeper, 'ls', '/tmp'])).not.toMatch(/big\.txt|short\.txt/);
    expect(uploads.active).toBe(0);
  });
});

describe('relativeEntryPath', () => {
  it('maps archive entry names of the root and of a folder', () => {
    expect(relativeEntryPath('/bin/', '/')).toBe('bin');
    expect(relativeEntryPath('bin/sh', '/')).toBe('bin/sh');
    expect(relativeEntryPath('etc/passwd', '/etc')).toBe('passwd');
    expect(relativeEntryPath('etc/', '/etc')).toBe('');
    expect(relativeEntryPath('other/x', '/etc')).toBeUndefined();
  });
});
