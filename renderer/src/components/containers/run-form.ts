import { runSpecSchema, type RunSpec } from '../../../../common/contract/containers';
import { formatMemoryFlag, parseMemory } from './units';

export interface EnvRow {
  key: string;
  value: string;
}
export interface PortRow {
  hostIp: string;
  hostPort: string;
  containerPort: string;
  protocol: 'tcp' | 'udp' | 'sctp';
}
export interface MountRow {
  type: 'volume' | 'bind';
  source: string;
  target: string;
  readOnly: boolean;
}

export interface RunForm {
  image: string;
  name: string;
  command: string;
  entrypoint: string;
  env: EnvRow[];
  ports: PortRow[];
  mounts: MountRow[];
  network: string;
  restartPolicy: RunSpec['restartPolicy'];
  maximumRetryCount: string;
  cpus: string;
  memory: string;
  autoRemove: boolean;
  tty: boolean;
  interactive: boolean;
}

export const EMPTY_RUN_FORM: RunForm = {
  image: '',
  name: '',
  command: '',
  entrypoint: '',
  env: [],
  ports: [],
  mounts: [],
  network: '',
  restartPolicy: 'no',
  maximumRetryCount: '',
  cpus: '',
  memory: '',
  autoRemove: false,
  tty: false,
  interactive: false,
};

/** Splits a command line into words like a POSIX shell does for quoting (no expansion). Throws on an open quote. */
export function splitShellWords(text: string): string[] {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else current += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1]!)) current += text[++i];
      else current += ch;
    } else if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
    } else if (ch === '\\' && i + 1 < text.length) {
      current += text[++i];
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += ch;
      inWord = true;
    }
  }
  if (quote) throw new Error(`A ${quote === '"' ? 'double' : 'single'} quote is not closed.`);
  if (inWord) words.push(current);
  return words;
}

/** Quotes a word for a POSIX shell only when it needs it. */
export function quoteShellWord(word: string): string {
  if (word !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Reads a `.env` block: `KEY=value` lines, `export` prefixes, quotes, and `#` comments. */
export function parseEnvBlock(text: string): EnvRow[] {
  const rows: EnvRow[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (!line || line.startsWith('#')) continue;
    const match = /^(?:export\s+)?([^=\s]+)\s*=\s*(.*)$/.exec(line);
    if (!match) continue;
    let value = match[2]!;
    const quoted = /^(['"])(.*)\1$/.exec(value);
    if (quoted) value = quoted[1] === '"' ? quoted[2]!.replace(/\\n/g, '\n').replace(/\\(["\\])/g, '$1') : quoted[2]!;
    else value = value.replace(/\s+#.*$/, '');
    rows.push({ key: match[1]!, value });
  }
  return rows;
}

/** Adds pasted rows, replacing the value of a key already present. */
export function mergeEnv(current: EnvRow[], added: EnvRow[]): EnvRow[] {
  const result = current.filter((row) => row.key || row.value);
  for (const row of added) {
    const existing = result.findIndex((r) => r.key === row.key);
    if (existing >= 0) result[existing] = row;
    else result.push(row);
  }
  return result;
}

export type FormErrors = Partial<Record<string, string>>;

function parsePort(text: string): number | undefined {
  if (!/^\d+$/.test(text.trim())) return undefined;
  const port = Number(text);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/** Turns the form into a run spec, or says what is wrong, per field (`ports.0.hostPort`, `memory`, …). */
export function toRunSpec(form: RunForm): { spec: RunSpec } | { errors: FormErrors } {
  const errors: FormErrors = {};
  let cmd: string[] | undefined;
  let entrypoint: string[] | undefined;
  try {
    cmd = form.command.trim() ? splitShellWords(form.command) : undefined;
  } catch (err) {
    errors.command = (err as Error).message;
  }
  try {
    entrypoint = form.entrypoint.trim() ? splitShellWords(form.entrypoint) : undefined;
  } catch (err) {
    errors.entrypoint = (err as Error).message;
  }
  const env = form.env.filter((row) => row.key.trim() || row.value);
  env.forEach((row, i) => {
    if (!/^[^=\s]+$/.test(row.key.trim())) errors[`env.${i}.key`] = 'A name without spaces or =.';
  });
  const ports = form.ports.filter((row) => row.containerPort.trim() || row.hostPort.trim() || row.hostIp.trim());
  const seenHostPorts = new Set<string>();
  const portSpecs = ports.map((row, i) => {
    const containerPort = parsePort(row.containerPort);
    if (containerPort === undefined) errors[`ports.${i}.containerPort`] = 'A port from 1 to 65535.';
    const hostPort = row.hostPort.trim() ? parsePort(row.hostPort) : undefined;
    if (row.hostPort.trim() && hostPort === undefined) errors[`ports.${i}.hostPort`] = 'A port from 1 to 65535, or empty for any free port.';
    const hostIp = row.hostIp.trim();
    if (hostIp && !/^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]+$/.test(hostIp)) errors[`ports.${i}.hostIp`] = 'An IP address such as 127.0.0.1, or empty for all.';
    if (hostPort !== undefined) {
      const key = `${hostPort}/${row.protocol}`;
      if (seenHostPorts.has(key)) errors[`ports.${i}.hostPort`] = `Host port ${hostPort}/${row.protocol} is used twice.`;
      seenHostPorts.add(key);
    }
    return { hostIp, ...(hostPort !== undefined ? { hostPort } : {}), containerPort: containerPort ?? 0, protocol: row.protocol };
  });
  const mounts = form.mounts.filter((row) => row.source.trim() || row.target.trim());
  mounts.forEach((row, i) => {
    if (!row.target.trim().startsWith('/')) errors[`mounts.${i}.target`] = 'An absolute path in the container, like /data.';
    if (row.type === 'bind' && !row.source.trim().startsWith('/')) errors[`mounts.${i}.source`] = 'An absolute path on the host, like /srv/data.';
    if (row.type === 'volume' && row.source.trim() && !/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(row.source.trim())) {
      errors[`mounts.${i}.source`] = 'A volume name (letters, digits, _ . -), or empty for an anonymous volume.';
    }
  });
  const cpus = form.cpus.trim() ? Number(form.cpus) : undefined;
  if (cpus !== undefined && !(cpus > 0 && cpus <= 1024)) errors.cpus = 'A number of CPUs such as 0.5 or 2.';
  const memoryBytes = form.memory.trim() ? parseMemory(form.memory) : undefined;
  if (form.memory.trim() && (memoryBytes === undefined || memoryBytes < 6 * 1024 * 1024)) errors.memory = 'A size of at least 6m, such as 512m or 1g.';
  const retries = form.maximumRetryCount.trim() ? Number(form.maximumRetryCount) : undefined;
  if (retries !== undefined && !(Number.isInteger(retries) && retries >= 0 && retries <= 1000)) errors.maximumRetryCount = 'A whole number.';

  const candidate = {
    image: form.image.trim(),
    ...(form.name.trim() ? { name: form.name.trim() } : {}),
    ...(cmd ? { cmd } : {}),
    ...(entrypoint ? { entrypoint } : {}),
    env: env.map((row) => ({ key: row.key.trim(), value: row.value })),
    ports: portSpecs,
    mounts: mounts.map((row) => ({ type: row.type, source: row.source.trim(), target: row.target.trim(), readOnly: row.readOnly })),
    ...(form.network ? { network: form.network } : {}),
    restartPolicy: form.restartPolicy,
    ...(form.restartPolicy === 'on-failure' && retries ? { maximumRetryCount: retries } : {}),
    ...(cpus !== undefined && !errors.cpus ? { cpus } : {}),
    ...(memoryBytes !== undefined && !errors.memory ? { memoryBytes } : {}),
    autoRemove: form.autoRemove,
    tty: form.tty,
    interactive: form.interactive,
  };
  if (form.autoRemove && form.restartPolicy !== 'no') errors.restartPolicy = 'Auto-remove cannot be combined with a restart policy.';
  const parsed = runSpecSchema.safeParse(candidate);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = issue.path.map(String).join('.');
      errors[key] ??= issue.message;
    }
  }
  if (Object.keys(errors).length || !parsed.success) return { errors };
  return { spec: parsed.data };
}

/** The `docker run` command line that creates the same container. */
export function dockerRunCommand(spec: RunSpec): string {
  const args: string[] = ['docker', 'run', '-d'];
  if (spec.name) args.push('--name', spec.name);
  if (spec.interactive && spec.tty) args.push('-it');
  else if (spec.interactive) args.push('-i');
  else if (spec.tty) args.push('-t');
  if (spec.autoRemove) args.push('--rm');
  for (const { key, value } of spec.env) args.push('-e', `${key}=${value}`);
  for (const port of spec.ports) {
    const host = port.hostIp.includes(':') ? `[${port.hostIp}]` : port.hostIp;
    const hostPart = port.hostPort ? `${host ? `${host}:` : ''}${port.hostPort}:` : host ? `${host}::` : '';
    args.push('-p', `${hostPart}${port.containerPort}${port.protocol === 'tcp' ? '' : `/${port.protocol}`}`);
  }
  for (const mount of spec.mounts) {
    const source = mount.source ? `${mount.source}:` : '';
    args.push('-v', `${source}${mount.target}${mount.readOnly ? ':ro' : ''}`);
  }
  if (spec.network) args.push('--network', spec.network);
  if (spec.restartPolicy !== 'no') args.push('--restart', spec.restartPolicy === 'on-failure' && spec.maximumRetryCount ? `on-failure:${spec.maximumRetryCount}` : spec.restartPolicy);
  if (spec.cpus) args.push('--cpus', String(spec.cpus));
  if (spec.memoryBytes) args.push('--memory', formatMemoryFlag(spec.memoryBytes));
  // docker run takes one entrypoint word; further words become the start of the command.
  const [entry, ...entryArgs] = spec.entrypoint ?? [];
  if (spec.entrypoint) args.push('--entrypoint', entry ?? '');
  args.push(spec.image);
  args.push(...entryArgs, ...(spec.cmd ?? []));
  return args.map(quoteShellWord).join(' ');
}
