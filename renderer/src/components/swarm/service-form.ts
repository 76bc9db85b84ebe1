import { serviceInputSchema, type ServiceInput } from '../../../../common/contract/swarm';
import { parseLabelLines, quoteShellWord, splitShellWords, type EnvRow, type FormErrors } from '../containers/run-form';
import { formatMemoryFlag, parseMemory } from '../containers/units';

export interface ServicePortRow {
  published: string;
  target: string;
  protocol: 'tcp' | 'udp' | 'sctp';
  mode: 'ingress' | 'host';
}

export interface ServiceMountRow {
  type: 'volume' | 'bind';
  source: string;
  target: string;
  readOnly: boolean;
}

export interface UpdateForm {
  parallelism: string;
  delay: string;
  failureAction: 'pause' | 'continue' | 'rollback';
  monitor: string;
  maxFailureRatio: string;
  order: 'stop-first' | 'start-first';
}

/** The Create service form as typed: numbers stay text until `toServiceInput` reads them, so nothing typed is lost. */
export interface ServiceForm {
  image: string;
  name: string;
  mode: 'replicated' | 'global';
  replicas: string;
  /** Replaces the image's CMD (`docker service create IMAGE <args>`). */
  args: string;
  /** Replaces the image's ENTRYPOINT (`--entrypoint`). */
  entrypoint: string;
  env: EnvRow[];
  ports: ServicePortRow[];
  mounts: ServiceMountRow[];
  networks: string[];
  secrets: string[];
  configs: string[];
  limitCpus: string;
  limitMemory: string;
  reserveCpus: string;
  reserveMemory: string;
  /** One constraint per line. */
  constraints: string;
  restartCondition: 'none' | 'on-failure' | 'any';
  restartDelay: string;
  restartMaxAttempts: string;
  restartWindow: string;
  healthEnabled: boolean;
  healthCommand: string;
  healthInterval: string;
  healthTimeout: string;
  healthRetries: string;
  healthStartPeriod: string;
  update: UpdateForm;
  rollback: UpdateForm;
  /** `KEY=value` lines. */
  labels: string;
}

const DEFAULT_UPDATE: UpdateForm = { parallelism: '1', delay: '0', failureAction: 'pause', monitor: '5', maxFailureRatio: '0', order: 'stop-first' };

export const EMPTY_SERVICE_FORM: ServiceForm = {
  image: '',
  name: '',
  mode: 'replicated',
  replicas: '1',
  args: '',
  entrypoint: '',
  env: [],
  ports: [],
  mounts: [],
  networks: [],
  secrets: [],
  configs: [],
  limitCpus: '',
  limitMemory: '',
  reserveCpus: '',
  reserveMemory: '',
  constraints: '',
  restartCondition: 'any',
  restartDelay: '5',
  restartMaxAttempts: '0',
  restartWindow: '0',
  healthEnabled: false,
  healthCommand: '',
  healthInterval: '30',
  healthTimeout: '30',
  healthRetries: '3',
  healthStartPeriod: '0',
  update: DEFAULT_UPDATE,
  rollback: DEFAULT_UPDATE,
  labels: '',
};

const numberText = (value: number | undefined) => (value === undefined ? '' : String(value));

function updateForm(config: ServiceInput['update']): UpdateForm {
  return {
    parallelism: String(config.parallelism),
    delay: String(config.delaySeconds),
    failureAction: config.failureAction,
    monitor: String(config.monitorSeconds),
    maxFailureRatio: String(config.maxFailureRatio),
    order: config.order,
  };
}

/** The form filled in from a service's spec, to edit it. */
export function formFromInput(input: ServiceInput): ServiceForm {
  return {
    image: input.image,
    name: input.name,
    mode: input.mode,
    replicas: String(input.replicas),
    args: (input.args ?? []).map(quoteShellWord).join(' '),
    entrypoint: (input.command ?? []).map(quoteShellWord).join(' '),
    env: input.env.map((row) => ({ ...row })),
    ports: input.ports.map((port) => ({ published: numberText(port.published), target: String(port.target), protocol: port.protocol, mode: port.mode })),
    mounts: input.mounts.map((mount) => ({ ...mount })),
    networks: [...input.networks],
    secrets: [...input.secrets],
    configs: [...input.configs],
    limitCpus: numberText(input.limits.cpus),
    limitMemory: input.limits.memoryBytes ? formatMemoryFlag(input.limits.memoryBytes) : '',
    reserveCpus: numberText(input.reservations.cpus),
    reserveMemory: input.reservations.memoryBytes ? formatMemoryFlag(input.reservations.memoryBytes) : '',
    constraints: input.constraints.join('\n'),
    restartCondition: input.restartPolicy.condition,
    restartDelay: String(input.restartPolicy.delaySeconds),
    restartMaxAttempts: String(input.restartPolicy.maxAttempts),
    restartWindow: String(input.restartPolicy.windowSeconds),
    healthEnabled: Boolean(input.healthCheck),
    healthCommand: input.healthCheck?.command ?? '',
    healthInterval: String(input.healthCheck?.intervalSeconds ?? 30),
    healthTimeout: String(input.healthCheck?.timeoutSeconds ?? 30),
    healthRetries: String(input.healthCheck?.retries ?? 3),
    healthStartPeriod: String(input.healthCheck?.startPeriodSeconds ?? 0),
    update: updateForm(input.update),
    rollback: updateForm(input.rollback),
    labels: Object.entries(input.labels)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
  };
}

/**
 * Reads a number field: blank gives `fallback` (or undefined), anything that is not a number of the right kind is an
 * error in words under the field.
 */
function readNumber(
  errors: FormErrors,
  field: string,
  text: string,
  label: string,
  options: { whole?: boolean; min?: number; max?: number; fallback?: number },
): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return options.fallback;
  if (!/^-?\d+(\.\d+)?$/.test(trimmed)) {
    errors[field] = `${label} must be ${options.whole ? 'a whole number' : 'a number'}, not "${trimmed}".`;
    return undefined;
  }
  const value = Number(trimmed);
  if (options.whole && !Number.isInteger(value)) errors[field] = `${label} must be a whole number.`;
  else if (options.min !== undefined && value < options.min) errors[field] = options.min === 0 ? `${label} cannot be negative.` : `${label} must be at least ${options.min}.`;
  else if (options.max !== undefined && value > options.max) errors[field] = `${label} must be at most ${options.max}.`;
  return value;
}

function readWords(errors: FormErrors, field: string, text: string): string[] | undefined {
  if (!text.trim()) return undefined;
  try {
    return splitShellWords(text);
  } catch (err) {
    errors[field] = (err as Error).message;
    return undefined;
  }
}

function readUpdate(errors: FormErrors, prefix: 'update' | 'rollback', form: UpdateForm): ServiceInput['update'] {
  const what = prefix === 'update' ? 'Update' : 'Rollback';
  return {
    parallelism: readNumber(errors, `${prefix}.parallelism`, form.parallelism, `${what} parallelism`, { whole: true, min: 0, fallback: 1 }) ?? 1,
    delaySeconds: readNumber(errors, `${prefix}.delay`, form.delay, `${what} delay`, { min: 0, fallback: 0 }) ?? 0,
    failureAction: form.failureAction,
    monitorSeconds: readNumber(errors, `${prefix}.monitor`, form.monitor, `${what} monitor`, { min: 0, fallback: 5 }) ?? 5,
    maxFailureRatio: readNumber(errors, `${prefix}.maxFailureRatio`, form.maxFailureRatio, `${what} failure ratio`, { min: 0, max: 1, fallback: 0 }) ?? 0,
    order: form.order,
  };
}

function readMemory(errors: FormErrors, field: string, text: string, label: string): number | undefined {
  if (!text.trim()) return undefined;
  const bytes = parseMemory(text);
  if (bytes === undefined) errors[field] = `${label} is a size such as 512m or 1g.`;
  return bytes;
}

/** A replica count as typed (the Create form and the inline scale box): a whole number from 0, or what is wrong. */
export function readReplicas(text: string): { replicas: number } | { error: string } {
  if (text.trim() === '') return { error: 'Say how many replicas to run (0 or more).' };
  const errors: FormErrors = {};
  const replicas = readNumber(errors, 'replicas', text, 'Replicas', { whole: true, min: 0, max: 10_000 });
  return errors.replicas || replicas === undefined ? { error: errors.replicas ?? 'Replicas must be a whole number.' } : { replicas };
}

/** Turns the form into the service input the engine gets, or says what is wrong per field (`replicas`, `ports.0.target`). */
export function toServiceInput(form: ServiceForm): { input: ServiceInput } | { errors: FormErrors } {
  const errors: FormErrors = {};
  if (!form.image.trim()) errors.image = 'Choose an image.';
  if (!form.name.trim()) errors.name = 'Give the service a name.';
  let replicas = 1;
  if (form.mode === 'replicated') {
    const read = readReplicas(form.replicas);
    if ('error' in read) errors.replicas = read.error;
    else replicas = read.replicas;
  }
  const args = readWords(errors, 'args', form.args);
  const command = readWords(errors, 'entrypoint', form.entrypoint);
  const ports = form.ports
    .filter((row) => row.target.trim() || row.published.trim())
    .map((row, index) => {
      const target = readNumber(errors, `ports.${index}.target`, row.target, 'The container port', { whole: true, min: 1, max: 65535 });
      if (!row.target.trim()) errors[`ports.${index}.target`] = 'Say which container port to publish.';
      const published = readNumber(errors, `ports.${index}.published`, row.published, 'The published port', { whole: true, min: 1, max: 65535 });
      return { target: target ?? 0, ...(published !== undefined ? { published } : {}), protocol: row.protocol, mode: row.mode };
    });
  const mounts = form.mounts.filter((row) => row.target.trim() || row.source.trim()).map((row) => ({ ...row, source: row.source.trim(), target: row.target.trim() }));
  const limitCpus = readNumber(errors, 'limitCpus', form.limitCpus, 'The CPU limit', { min: 0.01 });
  const reserveCpus = readNumber(errors, 'reserveCpus', form.reserveCpus, 'The CPU reservation', { min: 0.01 });
  const limitMemory = readMemory(errors, 'limitMemory', form.limitMemory, 'The memory limit');
  const reserveMemory = readMemory(errors, 'reserveMemory', form.reserveMemory, 'The memory reservation');
  const health = form.healthEnabled
    ? {
        command: form.healthCommand.trim(),
        intervalSeconds: readNumber(errors, 'healthInterval', form.healthInterval, 'The interval', { min: 0, fallback: 30 }) ?? 30,
        timeoutSeconds: readNumber(errors, 'healthTimeout', form.healthTimeout, 'The timeout', { min: 0, fallback: 30 }) ?? 30,
        retries: readNumber(errors, 'healthRetries', form.healthRetries, 'Retries', { whole: true, min: 0, fallback: 3 }) ?? 3,
        startPeriodSeconds: readNumber(errors, 'healthStartPeriod', form.healthStartPeriod, 'The start period', { min: 0, fallback: 0 }) ?? 0,
      }
    : undefined;
  if (health && !health.command) errors.healthCommand = 'Give the command that tells whether the task is healthy (exit 0 = healthy).';
  const restartPolicy = {
    condition: form.restartCondition,
    delaySeconds: readNumber(errors, 'restartDelay', form.restartDelay, 'The restart delay', { min: 0, fallback: 5 }) ?? 5,
    maxAttempts: readNumber(errors, 'restartMaxAttempts', form.restartMaxAttempts, 'Max attempts', { whole: true, min: 0, fallback: 0 }) ?? 0,
    windowSeconds: readNumber(errors, 'restartWindow', form.restartWindow, 'The window', { min: 0, fallback: 0 }) ?? 0,
  };
  const update = readUpdate(errors, 'update', form.update);
  const rollback = readUpdate(errors, 'rollback', form.rollback);
  if (Object.keys(errors).length) return { errors };

  const parsed = serviceInputSchema.safeParse({
    image: form.image.trim(),
    name: form.name.trim(),
    mode: form.mode,
    replicas,
    ...(command ? { command } : {}),
    ...(args ? { args } : {}),
    env: form.env.filter((row) => row.key.trim()).map((row) => ({ key: row.key.trim(), value: row.value })),
    ports,
    mounts,
    networks: form.networks,
    secrets: form.secrets,
    configs: form.configs,
    limits: { ...(limitCpus ? { cpus: limitCpus } : {}), ...(limitMemory ? { memoryBytes: limitMemory } : {}) },
    reservations: { ...(reserveCpus ? { cpus: reserveCpus } : {}), ...(reserveMemory ? { memoryBytes: reserveMemory } : {}) },
    constraints: form.constraints
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean),
    restartPolicy,
    ...(health ? { healthCheck: health } : {}),
    update,
    rollback,
    labels: parseLabelLines(form.labels),
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.join('.') || 'form';
      // Field names as the form knows them: the schema's `limits.memoryBytes` is the form's `limitMemory`.
      const field = { 'limits.memoryBytes': 'limitMemory', 'reservations.memoryBytes': 'reserveMemory', command: 'entrypoint' }[key] ?? (key.startsWith('constraints') ? 'constraints' : key);
      errors[field] ??= issue.message;
    }
    return { errors };
  }
  return { input: parsed.data };
}

const seconds = (value: number) => `${value}s`;

function updateFlags(prefix: 'update' | 'rollback', config: ServiceInput['update']): string[] {
  const defaults = serviceInputSchema.parse({ image: 'x', name: 'x' })[prefix];
  const flags: string[] = [];
  if (config.parallelism !== defaults.parallelism) flags.push(`--${prefix}-parallelism`, String(config.parallelism));
  if (config.delaySeconds !== defaults.delaySeconds) flags.push(`--${prefix}-delay`, seconds(config.delaySeconds));
  if (config.failureAction !== defaults.failureAction) flags.push(`--${prefix}-failure-action`, config.failureAction);
  if (config.monitorSeconds !== defaults.monitorSeconds) flags.push(`--${prefix}-monitor`, seconds(config.monitorSeconds));
  if (config.maxFailureRatio !== defaults.maxFailureRatio) flags.push(`--${prefix}-max-failure-ratio`, String(config.maxFailureRatio));
  if (config.order !== defaults.order) flags.push(`--${prefix}-order`, config.order);
  return flags;
}

/** The `docker service create` line that creates the same service (defaults left out, as one would type it). */
export function dockerServiceCreateCommand(input: ServiceInput): string {
  const args: string[] = ['docker', 'service', 'create', '--name', input.name];
  if (input.mode === 'global') args.push('--mode', 'global');
  else if (input.replicas !== 1) args.push('--replicas', String(input.replicas));
  for (const { key, value } of input.env) args.push('--env', `${key}=${value}`);
  for (const port of input.ports) {
    const parts = [`target=${port.target}`];
    if (port.published !== undefined) parts.unshift(`published=${port.published}`);
    if (port.protocol !== 'tcp') parts.push(`protocol=${port.protocol}`);
    if (port.mode !== 'ingress') parts.push(`mode=${port.mode}`);
    args.push('--publish', parts.join(','));
  }
  for (const mount of input.mounts) {
    args.push('--mount', [`type=${mount.type}`, ...(mount.source ? [`source=${mount.source}`] : []), `target=${mount.target}`, ...(mount.readOnly ? ['readonly'] : [])].join(','));
  }
  for (const network of input.networks) args.push('--network', network);
  for (const secret of input.secrets) args.push('--secret', secret);
  for (const config of input.configs) args.push('--config', config);
  if (input.limits.cpus) args.push('--limit-cpu', String(input.limits.cpus));
  if (input.limits.memoryBytes) args.push('--limit-memory', formatMemoryFlag(input.limits.memoryBytes));
  if (input.reservations.cpus) args.push('--reserve-cpu', String(input.reservations.cpus));
  if (input.reservations.memoryBytes) args.push('--reserve-memory', formatMemoryFlag(input.reservations.memoryBytes));
  for (const constraint of input.constraints) args.push('--constraint', constraint);
  const restart = input.restartPolicy;
  if (restart.condition !== 'any') args.push('--restart-condition', restart.condition);
  if (restart.delaySeconds !== 5) args.push('--restart-delay', seconds(restart.delaySeconds));
  if (restart.maxAttempts) args.push('--restart-max-attempts', String(restart.maxAttempts));
  if (restart.windowSeconds) args.push('--restart-window', seconds(restart.windowSeconds));
  if (input.healthCheck) {
    const health = input.healthCheck;
    args.push('--health-cmd', health.command, '--health-interval', seconds(health.intervalSeconds), '--health-timeout', seconds(health.timeoutSeconds), '--health-retries', String(health.retries));
    if (health.startPeriodSeconds) args.push('--health-start-period', seconds(health.startPeriodSeconds));
  }
  args.push(...updateFlags('update', input.update), ...updateFlags('rollback', input.rollback));
  for (const [key, value] of Object.entries(input.labels)) args.push('--label', `${key}=${value}`);
  // --entrypoint takes one string; docker splits it on spaces.
  if (input.command) args.push('--entrypoint', input.command.join(' '));
  args.push(input.image, ...(input.args ?? []));
  return args.map(quoteShellWord).join(' ');
}
