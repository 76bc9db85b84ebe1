import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { dockerOptionsWithAgent } from './endpoint';

describe('engine HTTP agent', () => {
  it('renders in one word, so docker-modem inspecting every request stays cheap', () => {
    const { options, agent } = dockerOptionsWithAgent({ url: 'unix:///tmp/berth-test.sock' });
    expect(agent).toBeDefined();
    const rendered = inspect(options, { depth: null });
    expect(rendered).toContain('[Berth engine agent]');
    expect(rendered).not.toContain('sockets');
    agent!.destroy();
  });
});
