import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { ComposeRunEvent } from '../../common/contract/compose';
import { stackDeployArgs } from '../../common/stack-deploy';
import { toApiError } from '../api/errors';
import { runStackDeploy } from './stack-deploy';

describe('Deploy to Swarm', () => {
  it('passes every compose file as -c, in order, then the stack (and --prune only when asked)', () => {
    expect(stackDeployArgs(['/p/compose.yaml', '/p/compose.prod.yaml'], 'shop', false)).toEqual(['stack', 'deploy', '-c', '/p/compose.yaml', '-c', '/p/compose.prod.yaml', 'shop']);
    expect(stackDeployArgs(['/p/compose.yaml'], 'shop', true)).toEqual(['stack', 'deploy', '-c', '/p/compose.yaml', '--prune', 'shop']);
  });

  it('runs the docker CLI against the engine and says in words that the engine is not a swarm manager', async () => {
    // The shared test engine is not in a swarm (swarm tests run engines of their own).
    const { dockerHost, image } = inject('testEngine');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'berth-stack-'));
    try {
      const file = path.join(dir, 'compose.yaml');
      await writeFile(file, `services:\n  web:\n    image: ${image}\n`);
      const events: ComposeRunEvent[] = [];
      const error = await runStackDeploy({ name: 'p', workingDir: dir, files: [file], profiles: [] }, 'shop', false, { ...process.env, DOCKER_HOST: dockerHost }, (event) => events.push(event), new AbortController().signal).then(
        () => undefined,
        (err: unknown) => toApiError(err),
      );
      expect(events[0]).toEqual({ kind: 'command', commandLine: `docker stack deploy -c ${file} shop` });
      expect(error?.message).toMatch(/^This engine is not a swarm manager: initialise a single-node swarm on the Engine page, then deploy again\./);
      expect(events.some((event) => event.kind === 'done')).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
