import { describe, expect, it } from 'vitest';
import { managedBy, recreateRefusal, type InspectDoc } from './container-recreate-plan';

function doc(labels: Record<string, string>, autoRemove = false): InspectDoc {
  return { Id: 'a'.repeat(64), Name: '/web', Config: { Labels: labels }, HostConfig: { AutoRemove: autoRemove } } as InspectDoc;
}

describe('who manages a container instead of Berth', () => {
  it('names the Compose project, or the Swarm service by name (its id when no name label), or nobody', () => {
    expect(managedBy(doc({ 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' }))).toEqual({ kind: 'compose', project: 'shop' });
    expect(managedBy(doc({ 'com.docker.swarm.service.id': 'x1y2', 'com.docker.swarm.service.name': 'api' }))).toEqual({ kind: 'swarm', service: 'api' });
    expect(managedBy(doc({ 'com.docker.swarm.service.id': 'x1y2' }))).toEqual({ kind: 'swarm', service: 'x1y2' });
    expect(managedBy(doc({}))).toBeUndefined();
  });

  it('refuses to recreate what Compose or Swarm manage, and a container that removes itself when stopped', () => {
    expect(recreateRefusal(doc({ 'com.docker.compose.project': 'shop' }))).toMatch(/Compose project "shop"/);
    expect(recreateRefusal(doc({ 'com.docker.swarm.service.id': 'x1y2' }))).toMatch(/Swarm service/);
    expect(recreateRefusal(doc({}, true))).toMatch(/--rm/);
    expect(recreateRefusal(doc({}))).toBeUndefined();
  });
});
