import { EquivalentCommand } from '../EquivalentCommand';
import { useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { api } from '../../api/client';
import { FieldError, FormField, formControlProps } from '../FormField';
import { buttonClass, inputClass, Modal } from '../Modal';
import { PathField } from '../PathField';
import type { RecreateResult, RunSpec } from '../../../../common/contract';
import {
  describeChanges,
  dockerRunCommand,
  EMPTY_RUN_FORM,
  fromRunSpec,
  mergeEnv,
  parseEnvBlock,
  toRunSpec,
  type FormErrors,
  type MountRow,
  type PortRow,
  type RunForm,
} from './run-form';

/** Opens the dialog on an existing container: edit (recreate it) or duplicate (a copy beside it). */
export interface RunDialogSource {
  containerId: string;
  purpose: 'edit' | 'duplicate';
}

function RowsSection({ title, onAdd, addLabel, children, extra }: { title: string; onAdd(): void; addLabel: string; children: ReactNode; extra?: ReactNode }) {
  return (
    <fieldset className="space-y-2">
      <legend className="flex w-full items-center justify-between font-medium">
        <span>{title}</span>
      </legend>
      {children}
      <div className="flex gap-2">
        <button type="button" className={buttonClass} onClick={onAdd}>
          {addLabel}
        </button>
        {extra}
      </div>
    </fieldset>
  );
}

const removeRowClass = 'rounded px-2 text-slate-500 hover:bg-slate-200 hover:text-rose-700 dark:hover:bg-slate-800';

function useChoices() {
  const [images, setImages] = useState<string[]>([]);
  const [networks, setNetworks] = useState<string[]>([]);
  useEffect(() => {
    api.call('images.list', {}).then((list) => setImages(list.flatMap((image) => image.tags).sort()), () => undefined);
    api.call('networks.list', {}).then((list) => setNetworks(list.map((n) => n.name).filter((n) => n !== 'none').sort()), () => undefined);
  }, []);
  return { images, networks };
}

/** The `docker run` form: every field is checked here first; engine errors stay in the dialog with the form intact. */
export function RunDialog({
  onClose,
  onStarted,
  initialImage,
  source,
}: {
  onClose(): void;
  onStarted(id: string, result?: RecreateResult): void;
  /** Prefills the image (the Images page's Run action). */
  initialImage?: string;
  /** Prefills everything from a container (Edit, Duplicate). */
  source?: RunDialogSource;
}) {
  const [form, setForm] = useState<RunForm>({ ...EMPTY_RUN_FORM, image: initialImage ?? '' });
  /** The container as it is, for the list of changes (edit). */
  const [baseline, setBaseline] = useState<RunSpec>();
  const [sourceName, setSourceName] = useState<string>();
  const [notes, setNotes] = useState<string[]>([]);
  const [refusal, setRefusal] = useState<string>();
  const [loading, setLoading] = useState(Boolean(source));
  /** Host ports found taken at submit; cleared when the ports change. */
  const [portErrors, setPortErrors] = useState<FormErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [engineError, setEngineError] = useState<string>();
  const [pasteOpen, setPasteOpen] = useState(false);
  const [pasteText, setPasteText] = useState('');
  const { images, networks } = useChoices();
  const imageListId = useId();

  useEffect(() => {
    if (!source) return;
    let live = true;
    api.call('containers.editSpec', { id: source.containerId, purpose: source.purpose }).then(
      (read) => {
        if (!live) return;
        const prefilled = fromRunSpec(read.spec);
        setForm(prefilled);
        const parsed = toRunSpec(prefilled);
        if ('spec' in parsed) setBaseline(parsed.spec);
        setSourceName(read.name);
        setNotes(read.notes);
        setRefusal(read.refusal);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setEngineError(err instanceof Error ? err.message : String(err));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [source?.containerId, source?.purpose]);

  const result = useMemo(() => toRunSpec(form), [form]);
  const changes = useMemo(() => (source?.purpose === 'edit' && baseline && 'spec' in result ? describeChanges(baseline, result.spec) : undefined), [source?.purpose, baseline, result]);
  const shownErrors: FormErrors = { ...portErrors, ...(submitted && 'errors' in result ? result.errors : {}) };
  useEffect(() => setPortErrors({}), [form.ports]);
  const commandError = shownErrors.command ?? shownErrors.cmd;
  const memoryError = shownErrors.memory ?? shownErrors.memoryBytes;
  const command = 'spec' in result ? dockerRunCommand(result.spec) : undefined;

  const update = <K extends keyof RunForm>(key: K, value: RunForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const updateRow = <K extends 'env' | 'ports' | 'mounts'>(key: K, index: number, patch: Partial<RunForm[K][number]>) =>
    setForm((f) => ({ ...f, [key]: f[key].map((row, i) => (i === index ? { ...row, ...patch } : row)) }));
  const removeRow = (key: 'env' | 'ports' | 'mounts', index: number) => setForm((f) => ({ ...f, [key]: f[key].filter((_, i) => i !== index) }));

  const submit = async () => {
    setSubmitted(true);
    setEngineError(undefined);
    if ('errors' in result) {
      const first = Object.values(result.errors)[0] ?? '';
      setEngineError(`Fix the fields marked in red first: ${/[.!?]$/.test(first) ? first : `${first}.`}`);
      return;
    }
    const spec = result.spec;
    if (refusal) {
      setEngineError(refusal);
      return;
    }
    setSubmitting(true);
    try {
      // On an edit the container's own ports are free once it stops: check only the ports that are new.
      const kept = new Set(source?.purpose === 'edit' ? (baseline?.ports ?? []).map((p) => `${p.hostIp}|${p.hostPort}|${p.protocol}`) : []);
      const published = spec.ports.filter((p) => p.hostPort && !kept.has(`${p.hostIp}|${p.hostPort}|${p.protocol}`));
      if (published.length) {
        const checks = await api.call('containers.checkPorts', {
          ports: published.map((p) => ({ hostIp: p.hostIp, hostPort: p.hostPort!, protocol: p.protocol })),
        });
        const taken = checks.filter((check) => !check.free);
        if (taken.length) {
          const portErrors: FormErrors = {};
          spec.ports.forEach((p, i) => {
            const clash = taken.find((t) => t.hostPort === p.hostPort && t.protocol === p.protocol);
            if (clash) portErrors[`ports.${i}.hostPort`] = clash.reason ?? `Port ${p.hostPort} is in use.`;
          });
          setPortErrors(portErrors);
          setEngineError(`Host port ${taken.map((t) => t.hostPort).join(', ')} ${taken.length === 1 ? 'is' : 'are'} already in use. Pick another or leave it empty for any free port.`);
          return;
        }
      }
      if (source) {
        const method = source.purpose === 'edit' ? 'containers.recreate' : 'containers.duplicate';
        const done = await api.call(method, { id: source.containerId, spec });
        onStarted(done.id, done);
      } else {
        const created = await api.call('containers.run', spec);
        onStarted(created.id);
      }
    } catch (err) {
      setEngineError(err instanceof Error ? err.message : String(err));
    } finally {
      setSubmitting(false);
    }
  };

  const applyPaste = () => {
    const rows = parseEnvBlock(pasteText);
    if (!rows.length) return setEngineError('No KEY=value lines found in the pasted text.');
    setForm((f) => ({ ...f, env: mergeEnv(f.env, rows) }));
    setPasteText('');
    setPasteOpen(false);
  };

  return (
    <Modal
      title={!source ? 'Run a container' : source.purpose === 'edit' ? `Edit ${sourceName ?? 'container'}` : `Duplicate ${sourceName ?? 'container'}`}
      submitLabel={!source ? 'Run' : source.purpose === 'edit' ? 'Recreate' : 'Create copy'}
      submitting={submitting || loading}
      error={engineError}
      onClose={onClose}
      onSubmit={() => void submit()}
      wide
    >
      {loading ? <p className="text-slate-500 dark:text-slate-400">Reading the container's settings…</p> : null}
      {refusal ? (
        <p role="note" data-testid="recreate-refusal" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          {refusal}
        </p>
      ) : null}
      {source?.purpose === 'edit' && !refusal && !loading ? (
        <p className="text-slate-600 dark:text-slate-400">
          Recreate makes a new container with these settings (everything not shown here is kept as it is), stops this one, starts the new one and then removes
          this one. If the new one does not start, this one is started again. Volumes, named and anonymous, keep their data.
        </p>
      ) : null}
      {notes.length ? (
        <ul data-testid="edit-notes" className="list-disc space-y-1 rounded-md border border-cyan-200 bg-cyan-50 py-2 pr-3 pl-7 text-cyan-950 dark:border-cyan-800 dark:bg-cyan-950 dark:text-cyan-100">
          {notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="run-image" label="Image" error={shownErrors.image} note={images.length ? undefined : 'No local images yet: pull one on the Images page.'}>
          <input {...formControlProps('run-image', shownErrors.image)} autoFocus list={imageListId} className={inputClass} value={form.image} onChange={(e) => update('image', e.target.value)} placeholder="e.g. nginx:latest" />
          <datalist id={imageListId}>
            {images.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
        </FormField>
        <FormField id="run-name" label="Name" error={shownErrors.name} note="Optional; the engine picks one when empty.">
          <input {...formControlProps('run-name', shownErrors.name)} className={inputClass} value={form.name} onChange={(e) => update('name', e.target.value)} />
        </FormField>
        <FormField id="run-command" label="Command" error={commandError} note="Optional; overrides the image's CMD. Quote words with spaces.">
          <input {...formControlProps('run-command', commandError)} className={`${inputClass} font-mono`} value={form.command} onChange={(e) => update('command', e.target.value)} placeholder="httpd -f -p 80" />
        </FormField>
        <FormField id="run-entrypoint" label="Entrypoint" error={shownErrors.entrypoint} note="Optional; overrides the image's ENTRYPOINT.">
          <input {...formControlProps('run-entrypoint', shownErrors.entrypoint)} className={`${inputClass} font-mono`} value={form.entrypoint} onChange={(e) => update('entrypoint', e.target.value)} />
        </FormField>
      </div>

      <RowsSection
        title="Environment"
        addLabel="Add variable"
        onAdd={() => update('env', [...form.env, { key: '', value: '' }])}
        extra={
          <button type="button" className={buttonClass} onClick={() => setPasteOpen((open) => !open)}>
            Paste .env…
          </button>
        }
      >
        {pasteOpen ? (
          <div className="space-y-2">
            <textarea
              aria-label="Paste a .env block"
              className={`${inputClass} h-24 font-mono`}
              placeholder={'KEY=value\n# comments are skipped\nOTHER="quoted value"'}
              value={pasteText}
              onChange={(e) => setPasteText(e.target.value)}
            />
            <button type="button" className={buttonClass} onClick={applyPaste}>
              Add these variables
            </button>
          </div>
        ) : null}
        {form.env.map((row, i) => (
          <div key={i} className="flex items-start gap-2">
            <div className="w-2/5">
              <input
                aria-label={`Variable ${i + 1} name`}
                className={`${inputClass} font-mono`}
                placeholder="NAME"
                value={row.key}
                onChange={(e) => updateRow('env', i, { key: e.target.value })}
                onPaste={(e) => {
                  const text = e.clipboardData.getData('text');
                  if (!text.includes('\n') && !text.includes('=')) return;
                  e.preventDefault();
                  setForm((f) => ({ ...f, env: mergeEnv(f.env.filter((_, j) => j !== i || f.env[j]!.key || f.env[j]!.value), parseEnvBlock(text)) }));
                }}
              />
              <FieldError message={shownErrors[`env.${i}.key`]} />
            </div>
            <input aria-label={`Variable ${i + 1} value`} className={`${inputClass} font-mono`} placeholder="value" value={row.value} onChange={(e) => updateRow('env', i, { value: e.target.value })} />
            <button type="button" aria-label={`Remove variable ${i + 1}`} className={removeRowClass} onClick={() => removeRow('env', i)}>
              ×
            </button>
          </div>
        ))}
      </RowsSection>

      <RowsSection title="Ports" addLabel="Publish a port" onAdd={() => update('ports', [...form.ports, { hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' }])}>
        {form.ports.map((row, i) => (
          <div key={i} className="grid grid-cols-[1fr_1fr_auto_1fr_6rem_auto] items-start gap-2">
            <div>
              <input aria-label={`Port ${i + 1} host IP`} className={inputClass} placeholder="host IP (all)" value={row.hostIp} onChange={(e) => updateRow('ports', i, { hostIp: e.target.value })} />
              <FieldError message={shownErrors[`ports.${i}.hostIp`]} />
            </div>
            <div>
              <input aria-label={`Port ${i + 1} host port`} inputMode="numeric" className={inputClass} placeholder="host port (any)" value={row.hostPort} onChange={(e) => updateRow('ports', i, { hostPort: e.target.value })} />
              <FieldError message={shownErrors[`ports.${i}.hostPort`]} />
            </div>
            <span className="pt-1.5 text-slate-500">→</span>
            <div>
              <input aria-label={`Port ${i + 1} container port`} inputMode="numeric" className={inputClass} placeholder="container port" value={row.containerPort} onChange={(e) => updateRow('ports', i, { containerPort: e.target.value })} />
              <FieldError message={shownErrors[`ports.${i}.containerPort`]} />
            </div>
            <select aria-label={`Port ${i + 1} protocol`} className={inputClass} value={row.protocol} onChange={(e) => updateRow('ports', i, { protocol: e.target.value as PortRow['protocol'] })}>
              <option value="tcp">tcp</option>
              <option value="udp">udp</option>
              <option value="sctp">sctp</option>
            </select>
            <button type="button" aria-label={`Remove port ${i + 1}`} className={removeRowClass} onClick={() => removeRow('ports', i)}>
              ×
            </button>
          </div>
        ))}
      </RowsSection>

      <RowsSection title="Volumes and bind mounts" addLabel="Add a mount" onAdd={() => update('mounts', [...form.mounts, { type: 'volume', source: '', target: '', readOnly: false }])}>
        {form.mounts.map((row, i) => (
          <div key={i} className="grid grid-cols-[7rem_1fr_1fr_auto_auto] items-start gap-2">
            <select aria-label={`Mount ${i + 1} type`} className={inputClass} value={row.type} onChange={(e) => updateRow('mounts', i, { type: e.target.value as MountRow['type'] })}>
              <option value="volume">volume</option>
              <option value="bind">bind</option>
            </select>
            <div>
              {row.type === 'bind' ? (
                <PathField aria-label={`Mount ${i + 1} source`} placeholder="/path/on/host" value={row.source} onChange={(source) => updateRow('mounts', i, { source })} pick={{ kind: 'folder', title: 'Folder to mount' }} />
              ) : (
                <input
                  aria-label={`Mount ${i + 1} source`}
                  className={`${inputClass} font-mono`}
                  placeholder="volume name (empty: anonymous)"
                  value={row.source}
                  onChange={(e) => updateRow('mounts', i, { source: e.target.value })}
                />
              )}
              <FieldError message={shownErrors[`mounts.${i}.source`]} />
            </div>
            <div>
              <input aria-label={`Mount ${i + 1} target`} className={`${inputClass} font-mono`} placeholder="/path/in/container" value={row.target} onChange={(e) => updateRow('mounts', i, { target: e.target.value })} />
              <FieldError message={shownErrors[`mounts.${i}.target`]} />
            </div>
            <label className="flex items-center gap-1 pt-1.5 text-xs whitespace-nowrap">
              <input type="checkbox" checked={row.readOnly} onChange={(e) => updateRow('mounts', i, { readOnly: e.target.checked })} /> read-only
            </label>
            <button type="button" aria-label={`Remove mount ${i + 1}`} className={removeRowClass} onClick={() => removeRow('mounts', i)}>
              ×
            </button>
          </div>
        ))}
      </RowsSection>

      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="run-network" label="Network" error={shownErrors.network}>
          <select {...formControlProps('run-network', shownErrors.network)} className={inputClass} value={form.network} onChange={(e) => update('network', e.target.value)}>
            <option value="">default (bridge)</option>
            {networks
              .filter((n) => n !== 'bridge')
              .map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
          </select>
        </FormField>
        <div className="grid grid-cols-[1fr_6rem] gap-2">
          <FormField id="run-restart-policy" label="Restart policy" error={shownErrors.restartPolicy}>
            <select {...formControlProps('run-restart-policy', shownErrors.restartPolicy)} className={inputClass} value={form.restartPolicy} onChange={(e) => update('restartPolicy', e.target.value as RunForm['restartPolicy'])}>
              <option value="no">no</option>
              <option value="always">always</option>
              <option value="unless-stopped">unless-stopped</option>
              <option value="on-failure">on-failure</option>
            </select>
          </FormField>
          {form.restartPolicy === 'on-failure' ? (
            <FormField id="run-max-retries" label="Max retries" error={shownErrors.maximumRetryCount}>
              <input {...formControlProps('run-max-retries', shownErrors.maximumRetryCount)} inputMode="numeric" className={inputClass} value={form.maximumRetryCount} onChange={(e) => update('maximumRetryCount', e.target.value)} />
            </FormField>
          ) : null}
        </div>
        <FormField id="run-cpus" label="CPUs" error={shownErrors.cpus} note="Optional, like --cpus 0.5.">
          <input {...formControlProps('run-cpus', shownErrors.cpus)} className={inputClass} value={form.cpus} onChange={(e) => update('cpus', e.target.value)} placeholder="no limit" />
        </FormField>
        <FormField id="run-memory" label="Memory limit" error={memoryError} note="Optional, like --memory 512m.">
          <input {...formControlProps('run-memory', memoryError)} className={inputClass} value={form.memory} onChange={(e) => update('memory', e.target.value)} placeholder="no limit" />
        </FormField>
      </div>

      <details className="rounded-md border border-slate-200 p-3 dark:border-slate-800" open={Boolean(source)}>
        <summary className="cursor-pointer font-medium">More settings</summary>
        <div className="mt-3 grid gap-4 sm:grid-cols-2">
          <FormField id="run-aliases" label="Network aliases" error={shownErrors.networkAliases} note="On the network above, comma-separated.">
            <input {...formControlProps('run-aliases', shownErrors.networkAliases)} className={inputClass} value={form.networkAliases} onChange={(e) => update('networkAliases', e.target.value)} />
          </FormField>
          <FormField id="run-ip" label="IPv4 address" error={shownErrors.ipv4Address} note="Optional, on a user-defined network with a subnet.">
            <input {...formControlProps('run-ip', shownErrors.ipv4Address)} className={inputClass} value={form.ipv4Address} onChange={(e) => update('ipv4Address', e.target.value)} />
          </FormField>
          <FormField id="run-hostname" label="Host name" error={shownErrors.hostname}>
            <input {...formControlProps('run-hostname', shownErrors.hostname)} className={inputClass} value={form.hostname} onChange={(e) => update('hostname', e.target.value)} placeholder="the container id" />
          </FormField>
          <FormField id="run-user" label="User" error={shownErrors.user}>
            <input {...formControlProps('run-user', shownErrors.user)} className={inputClass} value={form.user} onChange={(e) => update('user', e.target.value)} placeholder="the image's" />
          </FormField>
          <FormField id="run-workdir" label="Working directory" error={shownErrors.workingDir}>
            <input {...formControlProps('run-workdir', shownErrors.workingDir)} className={`${inputClass} font-mono`} value={form.workingDir} onChange={(e) => update('workingDir', e.target.value)} placeholder="the image's" />
          </FormField>
          <div className="grid grid-cols-2 gap-2">
            <FormField id="run-cap-add" label="Add capabilities" error={shownErrors.capAdd}>
              <input {...formControlProps('run-cap-add', shownErrors.capAdd)} className={`${inputClass} font-mono`} value={form.capAdd} onChange={(e) => update('capAdd', e.target.value)} placeholder="NET_ADMIN" />
            </FormField>
            <FormField id="run-cap-drop" label="Drop capabilities" error={shownErrors.capDrop}>
              <input {...formControlProps('run-cap-drop', shownErrors.capDrop)} className={`${inputClass} font-mono`} value={form.capDrop} onChange={(e) => update('capDrop', e.target.value)} placeholder="NET_RAW" />
            </FormField>
          </div>
          <div className="sm:col-span-2">
            <FormField id="run-labels" label="Labels" error={shownErrors.labels} note="KEY=value, one per line.">
              <textarea {...formControlProps('run-labels', shownErrors.labels)} className={`${inputClass} h-20 font-mono`} value={form.labels} onChange={(e) => update('labels', e.target.value)} />
            </FormField>
          </div>
        </div>
      </details>

      <div className="flex flex-wrap gap-x-6 gap-y-2">
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={form.autoRemove} onChange={(e) => update('autoRemove', e.target.checked)} /> Remove when it exits (--rm)
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={form.tty} onChange={(e) => update('tty', e.target.checked)} /> Allocate a TTY (-t)
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={form.interactive} onChange={(e) => update('interactive', e.target.checked)} /> Keep stdin open (-i)
        </label>
      </div>

      {changes ? (
        <div className="space-y-1" data-testid="edit-changes">
          <span className="font-medium">Changes against the running container</span>
          {changes.length ? (
            <ul className="space-y-0.5 rounded-md border border-slate-200 p-3 font-mono text-xs dark:border-slate-800">
              {changes.map((change) => (
                <li key={change}>{change}</li>
              ))}
            </ul>
          ) : (
            <p className="text-slate-500 dark:text-slate-400">No changes yet: Recreate would make the same container again.</p>
          )}
        </div>
      ) : null}

      <EquivalentCommand
        command={command}
        placeholder="Fill in the image (and fix the fields marked in red) to see the command."
        testId="docker-run-command"
        onCopyFailed={setEngineError}
      />
    </Modal>
  );
}
