import { runSpecSchema, type RunSpec, type RunSpecInput } from '../../../../common/contract/containers';
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
  hostname: string;
  user: string;
  workingDir: string;
  /** Comma- or space-separated, like `NET_ADMIN, SYS_TIME`. */
  capAdd: string;
  capDrop: string;
  networkAliases: string;
  ipv4Address: string;
  /** `KEY=value` lines. */
  labels: string;
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
  hostname: '',
  user: '',
  workingDir: '',
  capAdd: '',
  capDrop: '',
  networkAliases: '',
  ipv4Address: '',
  labels: '',
};

function words(text: string): string[] {
  return text.split(/[\s,]+/).filter(Boolean);
}

/** `KEY=value` lines (the value may hold `=` and spaces); blank lines and `#` comments are skipped. */
export function parseLabelLines(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const at = trimmed.indexOf('=');
    if (at < 0) labels[trimmed] = '';
    else labels[trimmed.slice(0, at).trim()] = trimmed.slice(at + 1);
  }
  return labels;
}

/** The form for a spec read from an existing container (edit and duplicate). */
export function fromRunSpec(spec: RunSpecInput): RunForm {
  return {
    image: spec.image,
    name: spec.name ?? '',
    command: (spec.cmd ?? []).map(quoteShellWord).join(' '),
    entrypoint: (spec.entrypoint ?? []).map(quoteShellWord).join(' '),
    env: (spec.env ?? []).map((row) => ({ ...row })),
    ports: (spec.ports ?? []).map((p) => ({ hostIp: p.hostIp ?? '', hostPort: p.hostPort ? String(p.hostPort) : '', containerPort: String(p.containerPort), protocol: p.protocol ?? 'tcp' })),
    mounts: (spec.mounts ?? []).map((m) => ({ type: m.type, source: m.source, target: m.target, readOnly: m.readOnly ?? false })),
    network: spec.network ?? '',
    restartPolicy: spec.restartPolicy ?? 'no',
    maximumRetryCount: spec.maximumRetryCount ? String(spec.maximumRetryCount) : '',
    cpus: spec.cpus ? String(spec.cpus) : '',
    memory: spec.memoryBytes ? formatMemoryFlag(spec.memoryBytes) : '',
    autoRemove: spec.autoRemove ?? false,
    tty: spec.tty ?? false,
    interactive: spec.interactive ?? false,
    hostname: spec.hostname ?? '',
    user: spec.user ?? '',
    workingDir: spec.workingDir ?? '',
    capAdd: (spec.capAdd ?? []).join(', '),
    capDrop: (spec.capDrop ?? []).join(', '),
    networkAliases: (spec.networkAliases ?? []).join(', '),
    ipv4Address: spec.ipv4Address ?? '',
    labels: Object.entries(spec.labels ?? {})
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
  };
}

function portText(port: RunSpec['ports'][number]): string {
  const host = port.hostPort ? `${port.hostIp ? `${port.hostIp}:` : ''}${port.hostPort}` : port.hostIp ? `${port.hostIp}:any` : 'any';
  return `${host} → ${port.containerPort}/${port.protocol}`;
}

function mountText(mount: RunSpec['mounts'][number]): string {
  return `${mount.source || '(anonymous)'} → ${mount.target}${mount.readOnly ? ' (read-only)' : ''}`;
}

/** Added and removed entries of two lists, by their text. */
function listChanges(label: string, before: string[], after: string[]): string[] {
  const removed = before.filter((entry) => !after.includes(entry));
  const added = after.filter((entry) => !before.includes(entry));
  return [...removed.map((entry) => `${label}: − ${entry}`), ...added.map((entry) => `${label}: + ${entry}`)];
}

/** What an edit changes against the container as it is, one line per change, in the form's order. */
export function describeChanges(before: RunSpec, after: RunSpec): string[] {
  const changes: string[] = [];
  const scalar = (label: string, a: unknown, b: unknown, show: (v: unknown) => string = (v) => (v === undefined || v === '' ? '(none)' : String(v))) => {
    if (JSON.stringify(a ?? null) !== JSON.stringify(b ?? null)) changes.push(`${label}: ${show(a)} → ${show(b)}`);
  };
  const argv = (v: unknown) => (Array.isArray(v) && v.length ? v.map((w) => quoteShellWord(String(w))).join(' ') : "(the image's)");
  scalar('Image', before.image, after.image);
  scalar('Name', before.name, after.name);
  scalar('Command', before.cmd, after.cmd, argv);
  scalar('Entrypoint', before.entrypoint, after.entrypoint, argv);
  const envBefore = new Map(before.env.map((e) => [e.key, e.value]));
  const envAfter = new Map(after.env.map((e) => [e.key, e.value]));
  for (const [key, value] of envAfter) {
    if (!envBefore.has(key)) changes.push(`Environment: + ${key}=${value}`);
    else if (envBefore.get(key) !== value) changes.push(`Environment: ${key}=${envBefore.get(key)} → ${key}=${value}`);
  }
  for (const key of envBefore.keys()) if (!envAfter.has(key)) changes.push(`Environment: − ${key}`);
  changes.push(...listChanges('Port', before.ports.map(portText), after.ports.map(portText)));
  changes.push(...listChanges('Mount', before.mounts.map(mountText), after.mounts.map(mountText)));
  scalar('Network', before.network ?? 'default', after.network ?? 'default');
  changes.push(...listChanges('Network alias', before.networkAliases ?? [], after.networkAliases ?? []));
  scalar('IP address', before.ipv4Address, after.ipv4Address);
  const restart = (s: RunSpec) => (s.restartPolicy === 'on-failure' && s.maximumRetryCount ? `on-failure:${s.maximumRetryCount}` : s.restartPolicy);
  scalar('Restart policy', restart(before), restart(after));
  scalar('CPUs', before.cpus, after.cpus, (v) => (v ? String(v) : 'no limit'));
  scalar('Memory limit', before.memoryBytes, after.memoryBytes, (v) => (v ? formatMemoryFlag(Number(v)) : 'no limit'));
  scalar('Host name', before.hostname, after.hostname);
  scalar('User', before.user, after.user);
  scalar('Working dir', before.workingDir, after.workingDir);
  changes.push(...listChanges('Capability added', before.capAdd ?? [], after.capAdd ?? []));
  changes.push(...listChanges('Capability dropped', before.capDrop ?? [], after.capDrop ?? []));
  const labelLines = (s: RunSpec) => Object.entries(s.labels ?? {}).map(([k, v]) => `${k}=${v}`);
  changes.push(...listChanges('Label', labelLines(before), labelLines(after)));
  scalar('Remove when it exits', before.autoRemove, after.autoRemove, (v) => (v ? 'yes' : 'no'));
  scalar('TTY', before.tty, after.tty, (v) => (v ? 'yes' : 'no'));
  scalar('Keep stdin open', before.interactive, after.interactive, (v) => (v ? 'yes' : 'no'));
  return changes;
}

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

  const labelsValue = form.labels.trim() ? parseLabelLines(form.labels) : undefined;
  if ((form.networkAliases.trim() || form.ipv4Address.trim()) && !form.network) errors.networkAliases = 'Aliases and a static address need a user-defined network: pick one above.';
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
    ...(labelsValue && Object.keys(labelsValue).length ? { labels: labelsValue } : {}),
    ...(form.hostname.trim() ? { hostname: form.hostname.trim() } : {}),
    ...(form.user.trim() ? { user: form.user.trim() } : {}),
    ...(form.workingDir.trim() ? { workingDir: form.workingDir.trim() } : {}),
    ...(words(form.capAdd).length ? { capAdd: words(form.capAdd) } : {}),
    ...(words(form.capDrop).length ? { capDrop: words(form.capDrop) } : {}),
    ...(words(form.networkAliases).length ? { networkAliases: words(form.networkAliases) } : {}),
    ...(form.ipv4Address.trim() ? { ipv4Address: form.ipv4Address.trim() } : {}),
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
  for (const alias of spec.networkAliases ?? []) args.push('--network-alias', alias);
  if (spec.ipv4Address) args.push('--ip', spec.ipv4Address);
  if (spec.restartPolicy !== 'no') args.push('--restart', spec.restartPolicy === 'on-failure' && spec.maximumRetryCount ? `on-failure:${spec.maximumRetryCount}` : spec.restartPolicy);
  if (spec.hostname) args.push('--hostname', spec.hostname);
  if (spec.user) args.push('--user', spec.user);
  if (spec.workingDir) args.push('--workdir', spec.workingDir);
  for (const cap of spec.capAdd ?? []) args.push('--cap-add', cap);
  for (const cap of spec.capDrop ?? []) args.push('--cap-drop', cap);
  for (const [key, value] of Object.entries(spec.labels ?? {})) args.push('--label', `${key}=${value}`);
  if (spec.cpus) args.push('--cpus', String(spec.cpus));
  if (spec.memoryBytes) args.push('--memory', formatMemoryFlag(spec.memoryBytes));
  // docker run takes one entrypoint word; further words become the start of the command.
  const [entry, ...entryArgs] = spec.entrypoint ?? [];
  if (spec.entrypoint) args.push('--entrypoint', entry ?? '');
  args.push(spec.image);
  args.push(...entryArgs, ...(spec.cmd ?? []));
  return args.map(quoteShellWord).join(' ');
}
