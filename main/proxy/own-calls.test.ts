import http from 'node:http';
import Docker from 'dockerode';
import { afterAll, describe, expect, inject, it } from 'vitest';
import type { ApiCall } from '../../common/contract/proxy';
import { dockerOptionsWithAgent } from '../engine/endpoint';
import { ActivityLog } from './activity-log';
import { recordOwnCalls } from './own-calls';

describe("Berth's own engine calls", () => {
  const { dockerHost } = inject('testEngine');
  const activity = new ActivityLog(100, 10);
  const stopRecording = recordOwnCalls(activity);
  const { options, agent } = dockerOptionsWithAgent({ url: dockerHost });
  const docker = new Docker(options);

  afterAll(() => {
    stopRecording();
    agent?.destroy();
    activity.dispose();
  });

  const settled = (calls: () => ApiCall[], count: number) => expect.poll(() => calls().filter((call) => call.state !== 'open').length).toBeGreaterThanOrEqual(count);

  it('records nothing while nobody watches', async () => {
    await docker.ping();
    expect(activity.history()).toEqual([]);
  });

  it('records calls on engine agents with status, sizes and origin "berth", and leaves other HTTP requests alone', async () => {
    const stop = activity.subscribe(() => undefined);
    const other = http.createServer((_request, response) => response.end('not an engine'));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      await docker.listContainers({ all: true });
      await docker.getContainer('berth-no-such-container').inspect().catch(() => undefined);
      await new Promise((resolve) => http.get(`http://127.0.0.1:${(other.address() as { port: number }).port}/`, (response) => response.resume().on('end', resolve)));
      await settled(() => activity.history(), 2);
      const calls = activity.history();
      expect(calls.map((call) => [call.method, call.path.split('?')[0], call.status, call.origin])).toEqual([
        ['GET', '/containers/json', 200, 'berth'],
        ['GET', '/containers/berth-no-such-container/json', 404, 'berth'],
      ]);
      for (const call of calls) {
        expect(call.bytesIn).toBeGreaterThan(0);
        expect(call.bytesOut).toBeGreaterThan(0);
        expect(call.state).toBe('done');
        expect(call.durationMs).toBeGreaterThanOrEqual(0);
      }
    } finally {
      stop();
      other.close();
    }
  });
});
