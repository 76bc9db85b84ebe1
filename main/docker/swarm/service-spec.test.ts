import type Docker from 'dockerode';
import { describe, expect, it } from 'vitest';
import { serviceInputSchema } from '../../../common/contract/swarm';
import { fromServiceSpec, imageWithoutDigest, toServiceSpec, type ServiceSpec } from './service-spec';

const ids = { secrets: new Map([['token', 'sec123']]), configs: new Map([['nginx.conf', 'cfg456']]) };

describe('service specs', () => {
  it('turns the form input into the engine spec with durations in nanoseconds and names resolved to ids', () => {
    const input = serviceInputSchema.parse({
      image: 'app:v1',
      name: 'web',
      replicas: 3,
      args: ['httpd', '-f'],
      env: [{ key: 'A', value: 'b=c' }],
      ports: [{ target: 80, published: 8080, mode: 'host' }],
      secrets: ['token'],
      configs: ['nginx.conf'],
      limits: { cpus: 0.5, memoryBytes: 64 * 1024 * 1024 },
      constraints: ['node.role == manager'],
      healthCheck: { command: 'true', intervalSeconds: 2 },
      update: { parallelism: 1, delaySeconds: 10, failureAction: 'rollback', order: 'start-first' },
    });
    const spec = toServiceSpec(input, ids);
    const task = spec.TaskTemplate as Docker.ContainerTaskSpec;
    expect(spec.Mode).toEqual({ Replicated: { Replicas: 3 } });
    expect(task.ContainerSpec).toMatchObject({
      Image: 'app:v1',
      Args: ['httpd', '-f'],
      Env: ['A=b=c'],
      Healthcheck: { Test: ['CMD-SHELL', 'true'], Interval: 2e9, Timeout: 30e9, Retries: 3, StartPeriod: 0 },
      Secrets: [{ SecretName: 'token', SecretID: 'sec123', File: { Name: 'token', UID: '0', GID: '0', Mode: 0o444 } }],
      Configs: [{ ConfigName: 'nginx.conf', ConfigID: 'cfg456' }],
    });
    expect(task.Resources).toEqual({ Limits: { NanoCPUs: 5e8, MemoryBytes: 64 * 1024 * 1024 } });
    expect(task.Placement?.Constraints).toEqual(['node.role==manager']);
    expect(spec.UpdateConfig).toEqual({ Parallelism: 1, Delay: 10e9, FailureAction: 'rollback', Monitor: 5e9, MaxFailureRatio: 0, Order: 'start-first' });
    expect(spec.EndpointSpec?.Ports).toEqual([{ TargetPort: 80, PublishedPort: 8080, Protocol: 'tcp', PublishMode: 'host' }]);
    // And back: the form sees what it sent (constraints as the engine keeps them).
    expect(fromServiceSpec(spec)).toEqual({ ...input, constraints: ['node.role==manager'] });
  });

  it('keeps what the form does not show on an update, and sends the health check under one spelling only', () => {
    const current: ServiceSpec = {
      Name: 'web',
      TaskTemplate: {
        ContainerSpec: { Image: 'app:v1@sha256:' + 'a'.repeat(64), StopGracePeriod: 10e9, Healthcheck: { Test: ['CMD-SHELL', 'old'] } } as Docker.ContainerSpec,
        LogDriver: { Name: 'json-file', Options: { 'max-size': '1m' } },
      } as Docker.ContainerTaskSpec,
      Mode: { Replicated: { Replicas: 1 } },
    };
    const input = fromServiceSpec(current);
    expect(input.image).toBe('app:v1');
    expect(input.healthCheck?.command).toBe('old');
    const next = toServiceSpec({ ...input, image: 'app:v2', healthCheck: undefined }, ids, current);
    const task = next.TaskTemplate as Docker.ContainerTaskSpec;
    expect(task.LogDriver).toEqual({ Name: 'json-file', Options: { 'max-size': '1m' } });
    expect(task.ContainerSpec?.StopGracePeriod).toBe(10e9);
    expect(task.ContainerSpec).not.toHaveProperty('Healthcheck');
    expect(task.ContainerSpec).not.toHaveProperty('HealthCheck');
  });

  it('drops the digest the engine pins', () => {
    expect(imageWithoutDigest(`reg:5000/app:v2@sha256:${'0'.repeat(64)}`)).toBe('reg:5000/app:v2');
    expect(imageWithoutDigest('app')).toBe('app');
  });
});
