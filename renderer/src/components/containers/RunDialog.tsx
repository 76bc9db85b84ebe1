import { EquivalentCommand } from '../EquivalentCommand';
import { useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { isNameTaken } from '../../../../common/engine-messages';
import { api } from '../../api/client';
import { FieldError, FormField, formControlProps } from '../FormField';
import { buttonClass, inputClass, Modal } from '../Modal';
import { PathField } from '../PathField';
import type { EditSpec, RecreateResult, RunSpec } from '../../../../common/contract';
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
/** The page that manages a container Berth will not recreate: its Compose project, or its Swarm service. */
function managedByHref(manager: NonNullable<EditSpec['managedBy']>): string {
  return manager.kind === 'compose' ? `#/compose/${encodeURIComponent(manager.project)}` : `#/services/service/${encodeURIComponent(manager.service)}`;
}

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
  const [managedBy, setManagedBy] = useState<EditSpec['managedBy']>();
  const [loading, setLoading] = useState(Boolean(source));
  /** Host ports found taken at submit; cleared when the ports change. */
  const [portErrors, setPortErrors] = useState<FormErrors>({});
  const [submitted, setSubmitted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [engineError, setEngineError] = useState<string>();
  /** Fields the user has left: their problems show from then on, not only after pressing Run. */
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  /** The engine refused the name (taken): shown at the Name field until the name changes. */
  const [nameTaken, setNameTaken] = useState<string>();
  const fieldsRef = useRef<HTMLDivElement>(null);
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
        setManagedBy(read.managedBy);
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
  const allErrors: FormErrors = { ...portErrors, ...('errors' in result ? result.errors : {}), ...(nameTaken ? { name: nameTaken } : {}) };
  /** A field's problem, once the user has left the field or pressed Run. */
  const shown = (id: string, error: string | undefined) => (submitted || touched.has(id) || (id === 'run-name' && nameTaken) ? error : undefined);
  // The summary below the form lasts only while some field is still wrong.
  const fieldsBanner =
    submitted && 'errors' in result
      ? (() => {
          const first = Object.values(result.errors)[0] ?? '';
          return `Fix the fields marked in red first: ${/[.!?]$/.test(first) ? first : `${first}.`}`;
        })()
      : undefined;
  useEffect(() => setNameTaken(undefined), [form.name]);
  // The dialog's scroll box would otherwise take the first focus (Chrome focuses scrollers): start in the first field.
  useEffect(() => {
    if (!loading) fieldsRef.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
  }, [loading]);
  useEffect(() => setPortErrors({}), [form.ports]);
  const commandError = allErrors.command ?? allErrors.cmd;
  const memoryError = allErrors.memory ?? allErrors.memoryBytes;
  const command = 'spec' in result ? dockerRunCommand(result.spec) : undefined;

  const update = <K extends keyof RunForm>(key: K, value: RunForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const updateRow = <K extends 'env' | 'ports' | 'mounts'>(key: K, index: number, patch: Partial<RunForm[K][number]>) =>
    setForm((f) => ({ ...f, [key]: f[key].map((row, i) => (i === index ? { ...row, ...patch } : row)) }));
  const removeRow = (key: 'env' | 'ports' | 'mounts', index: number) => setForm((f) => ({ ...f, [key]: f[key].filter((_, i) => i !== index) }));

  const submit = async () => {
    setSubmitted(true);
    setEngineError(undefined);
    if ('errors' in result) return;
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
      const message = err instanceof Error ? err.message : String(err);
      if (isNameTaken(message)) setNameTaken(message);
      else setEngineError(message);
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
      error={fieldsBanner ?? engineError}
      onClose={onClose}
      onSubmit={() => void submit()}
      wide
    >
      <div
        ref={fieldsRef}
        className="space-y-4"
        onBlur={(event) => {
          const id = (event.target as HTMLElement).id;
          if (id && !touched.has(id)) setTouched(new Set(touched).add(id));
        }}
      >
      {loading ? <p className="text-slate-500 dark:text-slate-400">Reading the container's settings…</p> : null}
      {refusal ? (
        <p role="note" data-testid="recreate-refusal" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100">
          {refusal}
          {managedBy ? (
            <a className="ml-1 font-medium text-cyan-700 underline dark:text-cyan-400" href={managedByHref(managedBy)} onClick={onClose}>
              {managedBy.kind === 'compose' ? `Open the compose file of "${managedBy.project}"` : `Open the service "${managedBy.service}"`}
            </a>
          ) : null}
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
        <FormField id="run-image" label="Image" error={shown('run-image', allErrors.image)} note={images.length ? undefined : 'No local images yet: pull one on the Images page.'}>
          <input {...formControlProps('run-image', shown('run-image', allErrors.image))} autoFocus list={imageListId} className={inputClass} value={form.image} onChange={(e) => update('image', e.target.value)} placeholder="e.g. nginx:latest" />
          <datalist id={imageListId}>
            {images.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
        </FormField>
        <FormField id="run-name" label="Name" error={shown('run-name', allErrors.name)} note="Optional; the engine picks one when empty.">
          <input {...formControlProps('run-name', shown('run-name', allErrors.name))} className={inputClass} value={form.name} onChange={(e) => update('name', e.target.value)} />
        </FormField>
        <FormField id="run-command" label="Command" error={shown('run-command', commandError)} note="Optional; overrides the image's CMD. Quote words with spaces.">
          <input {...formControlProps('run-command', shown('run-command', commandError))} className={`${inputClass} font-mono`} value={form.command} onChange={(e) => update('command', e.target.value)} placeholder="httpd -f -p 80" />
        </FormField>
        <FormField id="run-entrypoint" label="Entrypoint" error={shown('run-entrypoint', allErrors.entrypoint)} note="Optional; overrides the image's ENTRYPOINT.">
          <input {...formControlProps('run-entrypoint', shown('run-entrypoint', allErrors.entrypoint))} className={`${inputClass} font-mono`} value={form.entrypoint} onChange={(e) => update('entrypoint', e.target.value)} />
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
        <FormField id="run-network" label="Network" error={shown('run-network', allErrors.network)}>
          <select {...formControlProps('run-network', shown('run-network', allErrors.network))} className={inputClass} value={form.network} onChange={(e) => update('network', e.target.value)}>
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
          <FormField id="run-restart-policy" label="Restart policy" error={shown('run-restart-policy', allErrors.restartPolicy)}>
            <select {...formControlProps('run-restart-policy', shown('run-restart-policy', allErrors.restartPolicy))} className={inputClass} value={form.restartPolicy} onChange={(e) => update('restartPolicy', e.target.value as RunForm['restartPolicy'])}>
              <option value="no">no</option>
              <option value="always">always</option>
              <option value="unless-stopped">unless-stopped</option>
              <option value="on-failure">on-failure</option>
            </select>
          </FormField>
          {form.restartPolicy === 'on-failure' ? (
            <FormField id="run-max-retries" label="Max retries" error={shown('run-max-retries', allErrors.maximumRetryCount)}>
              <input {...formControlProps('run-max-retries', shown('run-max-retries', allErrors.maximumRetryCount))} inputMode="numeric" className={inputClass} value={form.maximumRetryCount} onChange={(e) => update('maximumRetryCount', e.target.value)} />
            </FormField>
          ) : null}
        </div>
        <FormField id="run-cpus" label="CPUs" error={shown('run-cpus', allErrors.cpus)} note="Optional, like --cpus 0.5.">
          <input {...formControlProps('run-cpus', shown('run-cpus', allErrors.cpus))} className={inputClass} value={form.cpus} onChange={(e) => update('cpus', e.target.value)} placeholder="no limit" />
        </FormField>
        <FormField id="run-memory" label="Memory limit" error={shown('run-memory', memoryError)} note="Optional, like --memory 512m.">
          <input {...formControlProps('run-memory', shown('run-memory', memoryError))} className={inputClass} value={form.memory} onChange={(e) => update('memory', e.target.value)} placeholder="no limit" />
        </FormField>
      </div>

      <details className="rounded-md border border-slate-200 p-3 dark:border-slate-800" open={Boolean(source)}>
        <summary className="cursor-pointer font-medium">More settings</summary>
        <div className="mt-3 grid gap-4 sm:grid-cols-2">
          <FormField id="run-aliases" label="Network aliases" error={shown('run-aliases', allErrors.networkAliases)} note="On the network above, comma-separated.">
            <input {...formControlProps('run-aliases', shown('run-aliases', allErrors.networkAliases))} className={inputClass} value={form.networkAliases} onChange={(e) => update('networkAliases', e.target.value)} />
          </FormField>
          <FormField id="run-ip" label="IPv4 address" error={shown('run-ip', allErrors.ipv4Address)} note="Optional, on a user-defined network with a subnet.">
            <input {...formControlProps('run-ip', shown('run-ip', allErrors.ipv4Address))} className={inputClass} value={form.ipv4Address} onChange={(e) => update('ipv4Address', e.target.value)} />
          </FormField>
          <FormField id="run-hostname" label="Host name" error={shown('run-hostname', allErrors.hostname)}>
            <input {...formControlProps('run-hostname', shown('run-hostname', allErrors.hostname))} className={inputClass} value={form.hostname} onChange={(e) => update('hostname', e.target.value)} placeholder="the container id" />
          </FormField>
          <FormField id="run-user" label="User" error={shown('run-user', allErrors.user)}>
            <input {...formControlProps('run-user', shown('run-user', allErrors.user))} className={inputClass} value={form.user} onChange={(e) => update('user', e.target.value)} placeholder="the image's" />
          </FormField>
          <FormField id="run-workdir" label="Working directory" error={shown('run-workdir', allErrors.workingDir)}>
            <input {...formControlProps('run-workdir', shown('run-workdir', allErrors.workingDir))} className={`${inputClass} font-mono`} value={form.workingDir} onChange={(e) => update('workingDir', e.target.value)} placeholder="the image's" />
          </FormField>
          <div className="grid grid-cols-2 gap-2">
            <FormField id="run-cap-add" label="Add capabilities" error={shown('run-cap-add', allErrors.capAdd)}>
              <input {...formControlProps('run-cap-add', shown('run-cap-add', allErrors.capAdd))} className={`${inputClass} font-mono`} value={form.capAdd} onChange={(e) => update('capAdd', e.target.value)} placeholder="NET_ADMIN" />
            </FormField>
            <FormField id="run-cap-drop" label="Drop capabilities" error={shown('run-cap-drop', allErrors.capDrop)}>
              <input {...formControlProps('run-cap-drop', shown('run-cap-drop', allErrors.capDrop))} className={`${inputClass} font-mono`} value={form.capDrop} onChange={(e) => update('capDrop', e.target.value)} placeholder="NET_RAW" />
            </FormField>
          </div>
          <div className="sm:col-span-2">
            <FormField id="run-labels" label="Labels" error={shown('run-labels', allErrors.labels)} note="KEY=value, one per line.">
              <textarea {...formControlProps('run-labels', shown('run-labels', allErrors.labels))} className={`${inputClass} h-20 font-mono`} value={form.labels} onChange={(e) => update('labels', e.target.value)} />
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
      </div>
    </Modal>
  );
}
