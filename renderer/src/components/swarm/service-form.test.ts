import { describe, expect, it } from 'vitest';
import { serviceInputSchema } from '../../../../common/contract/swarm';
import { dockerServiceCreateCommand, EMPTY_SERVICE_FORM, formFromInput, readReplicas, toServiceInput, type ServiceForm } from './service-form';

const base: ServiceForm = { ...EMPTY_SERVICE_FORM, image: 'registry.local/app:v1', name: 'web' };

function errorsOf(form: ServiceForm) {
  const result = toServiceInput(form);
  return 'errors' in result ? result.errors : {};
}

describe('the Create service form', () => {
  it('refuses negative, fractional and non-numeric replica counts in words', () => {
    expect(errorsOf({ ...base, replicas: '-1' }).replicas).toBe('Replicas cannot be negative.');
    expect(errorsOf({ ...base, replicas: 'three' }).replicas).toBe('Replicas must be a whole number, not "three".');
    expect(errorsOf({ ...base, replicas: '2.5' }).replicas).toBe('Replicas must be a whole number.');
    expect(errorsOf({ ...base, replicas: '' }).replicas).toMatch(/how many replicas/);
    expect(errorsOf({ ...base, replicas: '0' })).toEqual({});
  });

  it('names the fields that are wrong: image, name, ports, sizes, health command, constraints', () => {
    const errors = errorsOf({
      ...base,
      image: ' ',
      name: 'bad_name',
      ports: [{ published: '70000', target: '', protocol: 'tcp', mode: 'ingress' }],
      limitMemory: 'lots',
      healthEnabled: true,
      healthCommand: '',
      update: { ...base.update, parallelism: '-2' },
    });
    expect(errors.image).toBe('Choose an image.');
    expect(errors['ports.0.target']).toMatch(/container port/);
    expect(errors['ports.0.published']).toBe('The published port must be at most 65535.');
    expect(errors.limitMemory).toMatch(/512m/);
    expect(errors.healthCommand).toMatch(/exit 0/);
    expect(errors['update.parallelism']).toBe('Update parallelism cannot be negative.');
    expect(errorsOf({ ...base, name: 'bad_name' }).name).toMatch(/letters, digits and "-"/);
    expect(errorsOf({ ...base, constraints: 'node.role manager' }).constraints).toMatch(/node.role==manager/);
  });

  it('reads everything into the service input, and the input back into the same form', () => {
    const form: ServiceForm = {
      ...base,
      replicas: '3',
      args: "sh -c 'echo hi; sleep 1000'",
      env: [{ key: 'MODE', value: 'blue green' }],
      ports: [{ published: '8080', target: '80', protocol: 'tcp', mode: 'host' }],
      mounts: [{ type: 'volume', source: 'data', target: '/data', readOnly: true }],
      networks: ['backend'],
      secrets: ['token'],
      limitCpus: '0.5',
      limitMemory: '256m',
      constraints: 'node.role==manager',
      restartCondition: 'on-failure',
      restartMaxAttempts: '3',
      healthEnabled: true,
      healthCommand: 'wget -q -O- localhost',
      healthInterval: '2',
      healthRetries: '2',
      update: { parallelism: '1', delay: '10', failureAction: 'rollback', monitor: '5', maxFailureRatio: '0', order: 'start-first' },
      labels: 'team=ops',
    };
    const result = toServiceInput(form);
    if (!('input' in result)) throw new Error(JSON.stringify(result.errors));
    const input = result.input;
    expect(input).toMatchObject({
      replicas: 3,
      args: ['sh', '-c', 'echo hi; sleep 1000'],
      ports: [{ published: 8080, target: 80, protocol: 'tcp', mode: 'host' }],
      limits: { cpus: 0.5, memoryBytes: 256 * 1024 * 1024 },
      restartPolicy: { condition: 'on-failure', maxAttempts: 3 },
      healthCheck: { command: 'wget -q -O- localhost', intervalSeconds: 2, retries: 2 },
      update: { failureAction: 'rollback', order: 'start-first', delaySeconds: 10 },
      labels: { team: 'ops' },
    });
    expect(toServiceInput(formFromInput(input))).toEqual({ input });
  });

  it('shows the docker service create line, leaving defaults out', () => {
    expect(dockerServiceCreateCommand(serviceInputSchema.parse({ image: 'app:v1', name: 'web' }))).toBe('docker service create --name web app:v1');
    const result = toServiceInput({
      ...base,
      replicas: '3',
      args: 'httpd -f -p 80',
      env: [{ key: 'GREETING', value: 'hello world' }],
      ports: [{ published: '8080', target: '80', protocol: 'tcp', mode: 'host' }],
      networks: ['backend'],
      secrets: ['token'],
      constraints: 'node.role==manager',
      healthEnabled: true,
      healthCommand: 'wget -q -O- localhost',
      update: { ...base.update, parallelism: '2', failureAction: 'rollback' },
    });
    if (!('input' in result)) throw new Error('form refused');
    expect(dockerServiceCreateCommand(result.input)).toBe(
      "docker service create --name web --replicas 3 --env 'GREETING=hello world' --publish published=8080,target=80,mode=host --network backend --secret token " +
        "--constraint node.role==manager --health-cmd 'wget -q -O- localhost' --health-interval 30s --health-timeout 30s --health-retries 3 " +
        '--update-parallelism 2 --update-failure-action rollback registry.local/app:v1 httpd -f -p 80',
    );
    const global = serviceInputSchema.parse({ image: 'agent', name: 'agent', mode: 'global', command: ['/bin/agent', '--flag'] });
    expect(dockerServiceCreateCommand(global)).toBe("docker service create --name agent --mode global --entrypoint '/bin/agent --flag' agent");
  });
});

describe('the inline scale box', () => {
  it('reads the same way as the form', () => {
    expect(readReplicas('5')).toEqual({ replicas: 5 });
    expect(readReplicas(' 0 ')).toEqual({ replicas: 0 });
    expect(readReplicas('-1')).toEqual({ error: 'Replicas cannot be negative.' });
    expect(readReplicas('lots')).toEqual({ error: 'Replicas must be a whole number, not "lots".' });
    expect(readReplicas('')).toEqual({ error: 'Say how many replicas to run (0 or more).' });
  });
});
