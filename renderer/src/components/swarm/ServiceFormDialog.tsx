import { useCallback, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import type { ServiceInput } from '../../../../common/contract';
import { api } from '../../api/client';
import { EquivalentCommand } from '../EquivalentCommand';
import { FieldError, FormField, formControlProps } from '../FormField';
import { buttonClass, inputClass, Modal } from '../Modal';
import type { FormErrors } from '../containers/run-form';
import { dockerServiceCreateCommand, EMPTY_SERVICE_FORM, formFromInput, toServiceInput, type ServiceForm, type UpdateForm } from './service-form';

const removeRowClass = 'rounded px-2 text-slate-500 hover:bg-slate-200 hover:text-rose-700 dark:hover:bg-slate-800';
const smallInput = `${inputClass} font-mono`;

function Section({ title, children, actions }: { title: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <fieldset className="space-y-2 rounded-md border border-slate-200 p-3 dark:border-slate-800">
      <legend className="px-1 font-medium">{title}</legend>
      {children}
      {actions ? <div className="flex flex-wrap gap-2">{actions}</div> : null}
    </fieldset>
  );
}

interface Choices {
  images: string[];
  overlays: string[];
  secrets: string[];
  configs: string[];
  reloadNetworks(): void;
}

function useServiceChoices(): Choices {
  const [images, setImages] = useState<string[]>([]);
  const [overlays, setOverlays] = useState<string[]>([]);
  const [secrets, setSecrets] = useState<string[]>([]);
  const [configs, setConfigs] = useState<string[]>([]);
  const reloadNetworks = useCallback(() => {
    api.call('networks.list', {}).then((list) => setOverlays(list.filter((n) => n.driver === 'overlay' && n.name !== 'ingress').map((n) => n.name).sort()), () => undefined);
  }, []);
  useEffect(() => {
    api.call('images.list', {}).then((list) => setImages(list.flatMap((image) => image.tags).sort()), () => undefined);
    api.call('swarm.secrets.list', {}).then((list) => setSecrets(list.map((s) => s.name)), () => undefined);
    api.call('swarm.configs.list', {}).then((list) => setConfigs(list.map((c) => c.name)), () => undefined);
    reloadNetworks();
  }, [reloadNetworks]);
  return { images, overlays, secrets, configs, reloadNetworks };
}

function UpdateFields({ prefix, value, errors, onChange }: { prefix: 'update' | 'rollback'; value: UpdateForm; errors: FormErrors; onChange(value: UpdateForm): void }) {
  const set = <K extends keyof UpdateForm>(key: K, v: UpdateForm[K]) => onChange({ ...value, [key]: v });
  const id = (field: string) => `svc-${prefix}-${field}`;
  const title = prefix === 'update' ? 'Update' : 'Rollback';
  return (
    <div className="grid gap-3 sm:grid-cols-3">
      <FormField id={id('parallelism')} label="Parallelism" note="Tasks replaced at a time (0: all)" error={errors[`${prefix}.parallelism`]}>
        <input {...formControlProps(id('parallelism'), errors[`${prefix}.parallelism`])} inputMode="numeric" className={inputClass} value={value.parallelism} onChange={(e) => set('parallelism', e.target.value)} />
      </FormField>
      <FormField id={id('delay')} label="Delay (s)" note="Between batches" error={errors[`${prefix}.delay`]}>
        <input {...formControlProps(id('delay'), errors[`${prefix}.delay`])} inputMode="decimal" className={inputClass} value={value.delay} onChange={(e) => set('delay', e.target.value)} />
      </FormField>
      <FormField id={id('monitor')} label="Monitor (s)" note="Watch each new task this long" error={errors[`${prefix}.monitor`]}>
        <input {...formControlProps(id('monitor'), errors[`${prefix}.monitor`])} inputMode="decimal" className={inputClass} value={value.monitor} onChange={(e) => set('monitor', e.target.value)} />
      </FormField>
      <FormField id={id('failure')} label="On failure">
        <select id={id('failure')} className={inputClass} value={value.failureAction} onChange={(e) => set('failureAction', e.target.value as UpdateForm['failureAction'])}>
          <option value="pause">pause</option>
          <option value="continue">continue</option>
          {prefix === 'update' ? <option value="rollback">roll back</option> : null}
        </select>
      </FormField>
      <FormField id={id('ratio')} label="Max failure ratio" note="0 to 1" error={errors[`${prefix}.maxFailureRatio`]}>
        <input {...formControlProps(id('ratio'), errors[`${prefix}.maxFailureRatio`])} inputMode="decimal" className={inputClass} value={value.maxFailureRatio} onChange={(e) => set('maxFailureRatio', e.target.value)} />
      </FormField>
      <FormField id={id('order')} label="Order" note={`${title}: stop the old task first, or start the new one first`}>
        <select id={id('order')} className={inputClass} value={value.order} onChange={(e) => set('order', e.target.value as UpdateForm['order'])}>
          <option value="stop-first">stop-first</option>
          <option value="start-first">start-first</option>
        </select>
      </FormField>
    </div>
  );
}

function Checklist({ label, options, chosen, onChange, empty }: { label: string; options: string[]; chosen: string[]; onChange(next: string[]): void; empty: string }) {
  const all = [...new Set([...options, ...chosen])];
  if (!all.length) return <p className="text-xs text-slate-500 dark:text-slate-400">{empty}</p>;
  return (
    <div role="group" aria-label={label} className="flex flex-wrap gap-x-4 gap-y-1">
      {all.map((name) => (
        <label key={name} className="flex items-center gap-1.5 font-mono text-xs">
          <input
            type="checkbox"
            className="h-4 w-4 accent-cyan-600"
            checked={chosen.includes(name)}
            onChange={(e) => onChange(e.target.checked ? [...chosen, name] : chosen.filter((n) => n !== name))}
          />
          {name}
        </label>
      ))}
    </div>
  );
}

/**
 * Create a service, or (with `editing`) change one: the same form, prefilled from the service's spec. Every field is
 * checked here first; the engine's refusal stays in the dialog with the form as typed, and nothing is changed.
 */
export function ServiceFormDialog({ editing, onClose, onSaved }: { editing?: { id: string; input: ServiceInput }; onClose(): void; onSaved(id: string, warnings: string[]): void }) {
  const [form, setForm] = useState<ServiceForm>(() => (editing ? formFromInput(editing.input) : EMPTY_SERVICE_FORM));
  const [submitted, setSubmitted] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [engineError, setEngineError] = useState<string>();
  const [newNetwork, setNewNetwork] = useState('');
  const [networkError, setNetworkError] = useState<string>();
  const choices = useServiceChoices();
  const imageListId = useId();
  const result = useMemo(() => toServiceInput(form), [form]);
  const errors: FormErrors = submitted && 'errors' in result ? result.errors : {};
  const command = 'input' in result ? dockerServiceCreateCommand(result.input) : undefined;

  const update = <K extends keyof ServiceForm>(key: K, value: ServiceForm[K]) => setForm((f) => ({ ...f, [key]: value }));
  const updateRow = <K extends 'env' | 'ports' | 'mounts'>(key: K, index: number, patch: Partial<ServiceForm[K][number]>) =>
    setForm((f) => ({ ...f, [key]: f[key].map((row, i) => (i === index ? { ...row, ...patch } : row)) }));
  const removeRow = (key: 'env' | 'ports' | 'mounts', index: number) => setForm((f) => ({ ...f, [key]: f[key].filter((_, i) => i !== index) }));

  const createOverlay = async () => {
    setNetworkError(undefined);
    const name = newNetwork.trim();
    if (!name) return setNetworkError('Give the network a name.');
    try {
      await api.call('networks.create', { name, driver: 'overlay', attachable: true });
      choices.reloadNetworks();
      setForm((f) => ({ ...f, networks: [...f.networks, name] }));
      setNewNetwork('');
    } catch (err) {
      setNetworkError((err as Error).message);
    }
  };

  const submit = async () => {
    setSubmitted(true);
    setEngineError(undefined);
    if ('errors' in result) {
      const first = Object.values(result.errors)[0] ?? '';
      setEngineError(`Nothing was changed. Fix the fields marked in red first: ${first}`);
      return;
    }
    setSubmitting(true);
    try {
      if (editing) {
        const { warnings } = await api.call('swarm.services.update', { id: editing.id, input: result.input });
        onSaved(editing.id, warnings);
      } else {
        const { id, warnings } = await api.call('swarm.services.create', result.input);
        onSaved(id, warnings);
      }
    } catch (err) {
      setEngineError(`Nothing was changed. ${(err as Error).message}`);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Modal
      title={editing ? `Update service ${editing.input.name}` : 'Create a service'}
      submitLabel={editing ? 'Update service' : 'Create service'}
      submitting={submitting}
      error={engineError}
      onClose={onClose}
      onSubmit={() => void submit()}
      wide
    >
      {editing ? (
        <p className="text-slate-600 dark:text-slate-400">
          Updating replaces the service&apos;s tasks as its update settings say (in batches, watched for failures); settings this form does not show are kept.
        </p>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <FormField id="svc-image" label="Image" error={errors.image} note="Every node must be able to pull it (or have it already).">
          <input {...formControlProps('svc-image', errors.image)} autoFocus list={imageListId} className={inputClass} value={form.image} onChange={(e) => update('image', e.target.value)} placeholder="e.g. nginx:1.27" />
          <datalist id={imageListId}>
            {choices.images.map((tag) => (
              <option key={tag} value={tag} />
            ))}
          </datalist>
        </FormField>
        <FormField id="svc-name" label="Name" error={errors.name} note={editing ? 'A service cannot be renamed.' : undefined}>
          <input {...formControlProps('svc-name', errors.name)} className={inputClass} value={form.name} disabled={Boolean(editing)} onChange={(e) => update('name', e.target.value)} />
        </FormField>
        <FormField id="svc-mode" label="Mode">
          <select id="svc-mode" className={inputClass} value={form.mode} onChange={(e) => update('mode', e.target.value as ServiceForm['mode'])} disabled={Boolean(editing)}>
            <option value="replicated">replicated: a number of tasks</option>
            <option value="global">global: one task on every node</option>
          </select>
        </FormField>
        {form.mode === 'replicated' ? (
          <FormField id="svc-replicas" label="Replicas" error={errors.replicas}>
            <input {...formControlProps('svc-replicas', errors.replicas)} inputMode="numeric" className={inputClass} value={form.replicas} onChange={(e) => update('replicas', e.target.value)} />
          </FormField>
        ) : (
          <div />
        )}
        <FormField id="svc-args" label="Command" aside="optional" error={errors.args} note="Replaces the image's CMD. Quote words with spaces.">
          <input {...formControlProps('svc-args', errors.args)} className={smallInput} value={form.args} onChange={(e) => update('args', e.target.value)} placeholder="httpd -f -p 80" />
        </FormField>
        <FormField id="svc-entrypoint" label="Entrypoint" aside="optional" error={errors.entrypoint} note="Replaces the image's ENTRYPOINT.">
          <input {...formControlProps('svc-entrypoint', errors.entrypoint)} className={smallInput} value={form.entrypoint} onChange={(e) => update('entrypoint', e.target.value)} />
        </FormField>
      </div>

      <Section title="Environment" actions={<button type="button" className={buttonClass} onClick={() => update('env', [...form.env, { key: '', value: '' }])}>Add a variable</button>}>
        {form.env.map((row, i) => (
          <div key={i} className="flex items-start gap-2">
            <div className="w-2/5">
              <input aria-label={`Variable ${i + 1} name`} className={smallInput} placeholder="NAME" value={row.key} onChange={(e) => updateRow('env', i, { key: e.target.value })} />
              <FieldError message={errors[`env.${i}.key`]} />
            </div>
            <input aria-label={`Variable ${i + 1} value`} className={smallInput} placeholder="value" value={row.value} onChange={(e) => updateRow('env', i, { value: e.target.value })} />
            <button type="button" aria-label={`Remove variable ${i + 1}`} className={removeRowClass} onClick={() => removeRow('env', i)}>
              ×
            </button>
          </div>
        ))}
      </Section>

      <Section
        title="Published ports"
        actions={
          <button type="button" className={buttonClass} onClick={() => update('ports', [...form.ports, { published: '', target: '', protocol: 'tcp', mode: 'ingress' }])}>
            Publish a port
          </button>
        }
      >
        {form.ports.length ? (
          <p className="text-xs text-slate-500 dark:text-slate-400">Ingress: every node answers on the port and balances across tasks. Host: only nodes running a task answer, on their own port.</p>
        ) : null}
        {form.ports.map((row, i) => (
          <div key={i} className="grid grid-cols-[1fr_auto_1fr_6rem_7rem_auto] items-start gap-2">
            <div>
              <input aria-label={`Port ${i + 1} published port`} inputMode="numeric" className={inputClass} placeholder="published (any)" value={row.published} onChange={(e) => updateRow('ports', i, { published: e.target.value })} />
              <FieldError message={errors[`ports.${i}.published`]} />
            </div>
            <span className="pt-1.5 text-slate-500">→</span>
            <div>
              <input aria-label={`Port ${i + 1} container port`} inputMode="numeric" className={inputClass} placeholder="container port" value={row.target} onChange={(e) => updateRow('ports', i, { target: e.target.value })} />
              <FieldError message={errors[`ports.${i}.target`]} />
            </div>
            <select aria-label={`Port ${i + 1} protocol`} className={inputClass} value={row.protocol} onChange={(e) => updateRow('ports', i, { protocol: e.target.value as 'tcp' })}>
              <option value="tcp">tcp</option>
              <option value="udp">udp</option>
              <option value="sctp">sctp</option>
            </select>
            <select aria-label={`Port ${i + 1} mode`} className={inputClass} value={row.mode} onChange={(e) => updateRow('ports', i, { mode: e.target.value as 'ingress' | 'host' })}>
              <option value="ingress">ingress</option>
              <option value="host">host</option>
            </select>
            <button type="button" aria-label={`Remove port ${i + 1}`} className={removeRowClass} onClick={() => removeRow('ports', i)}>
              ×
            </button>
          </div>
        ))}
      </Section>

      <Section
        title="Volumes and bind mounts"
        actions={
          <button type="button" className={buttonClass} onClick={() => update('mounts', [...form.mounts, { type: 'volume', source: '', target: '', readOnly: false }])}>
            Add a mount
          </button>
        }
      >
        <FieldError message={errors.mounts} />
        {form.mounts.map((row, i) => (
          <div key={i} className="grid grid-cols-[7rem_1fr_1fr_auto_auto] items-start gap-2">
            <select aria-label={`Mount ${i + 1} type`} className={inputClass} value={row.type} onChange={(e) => updateRow('mounts', i, { type: e.target.value as 'volume' | 'bind' })}>
              <option value="volume">volume</option>
              <option value="bind">bind</option>
            </select>
            <input aria-label={`Mount ${i + 1} source`} className={smallInput} placeholder={row.type === 'bind' ? '/path/on/each/node' : 'volume name'} value={row.source} onChange={(e) => updateRow('mounts', i, { source: e.target.value })} />
            <div>
              <input aria-label={`Mount ${i + 1} target`} className={smallInput} placeholder="/path/in/container" value={row.target} onChange={(e) => updateRow('mounts', i, { target: e.target.value })} />
              <FieldError message={errors[`mounts.${i}.target`]} />
            </div>
            <label className="flex items-center gap-1 pt-1.5 text-xs">
              <input type="checkbox" className="h-4 w-4 accent-cyan-600" checked={row.readOnly} onChange={(e) => updateRow('mounts', i, { readOnly: e.target.checked })} />
              read-only
            </label>
            <button type="button" aria-label={`Remove mount ${i + 1}`} className={removeRowClass} onClick={() => removeRow('mounts', i)}>
              ×
            </button>
          </div>
        ))}
      </Section>

      <Section title="Networks, secrets and configs">
        <p className="text-xs text-slate-500 dark:text-slate-400">Overlay networks connect a service&apos;s tasks across nodes.</p>
        <Checklist label="Networks" options={choices.overlays} chosen={form.networks} onChange={(next) => update('networks', next)} empty="No overlay networks yet: create one here." />
        <div className="flex items-start gap-2">
          <input aria-label="New overlay network name" className={`${inputClass} max-w-60`} placeholder="new overlay network" value={newNetwork} onChange={(e) => setNewNetwork(e.target.value)} />
          <button type="button" className={buttonClass} onClick={() => void createOverlay()}>
            Create overlay network
          </button>
        </div>
        <FieldError message={networkError} />
        <p className="pt-2 text-xs font-medium">Secrets (mounted at /run/secrets/&lt;name&gt;)</p>
        <Checklist label="Secrets" options={choices.secrets} chosen={form.secrets} onChange={(next) => update('secrets', next)} empty="No secrets yet: create them on the Secrets tab." />
        <p className="pt-2 text-xs font-medium">Configs (mounted at /&lt;name&gt;)</p>
        <Checklist label="Configs" options={choices.configs} chosen={form.configs} onChange={(next) => update('configs', next)} empty="No configs yet: create them on the Configs tab." />
      </Section>

      <Section title="Resources and placement">
        <div className="grid gap-3 sm:grid-cols-4">
          <FormField id="svc-limit-cpus" label="CPU limit" error={errors.limitCpus}>
            <input {...formControlProps('svc-limit-cpus', errors.limitCpus)} inputMode="decimal" className={inputClass} placeholder="e.g. 0.5" value={form.limitCpus} onChange={(e) => update('limitCpus', e.target.value)} />
          </FormField>
          <FormField id="svc-limit-memory" label="Memory limit" error={errors.limitMemory}>
            <input {...formControlProps('svc-limit-memory', errors.limitMemory)} className={inputClass} placeholder="e.g. 256m" value={form.limitMemory} onChange={(e) => update('limitMemory', e.target.value)} />
          </FormField>
          <FormField id="svc-reserve-cpus" label="CPU reserved" error={errors.reserveCpus}>
            <input {...formControlProps('svc-reserve-cpus', errors.reserveCpus)} inputMode="decimal" className={inputClass} value={form.reserveCpus} onChange={(e) => update('reserveCpus', e.target.value)} />
          </FormField>
          <FormField id="svc-reserve-memory" label="Memory reserved" error={errors.reserveMemory}>
            <input {...formControlProps('svc-reserve-memory', errors.reserveMemory)} className={inputClass} value={form.reserveMemory} onChange={(e) => update('reserveMemory', e.target.value)} />
          </FormField>
        </div>
        <FormField id="svc-constraints" label="Placement constraints" aside="one per line" error={errors.constraints} note="e.g. node.role==manager, node.labels.zone==east. Tasks wait as pending while no node matches.">
          <textarea {...formControlProps('svc-constraints', errors.constraints)} className={`${smallInput} h-16`} value={form.constraints} onChange={(e) => update('constraints', e.target.value)} />
        </FormField>
      </Section>

      <Section title="Restart policy">
        <div className="grid gap-3 sm:grid-cols-4">
          <FormField id="svc-restart" label="Restart">
            <select id="svc-restart" className={inputClass} value={form.restartCondition} onChange={(e) => update('restartCondition', e.target.value as ServiceForm['restartCondition'])}>
              <option value="any">always</option>
              <option value="on-failure">on failure</option>
              <option value="none">never</option>
            </select>
          </FormField>
          <FormField id="svc-restart-delay" label="Delay (s)" error={errors.restartDelay}>
            <input {...formControlProps('svc-restart-delay', errors.restartDelay)} inputMode="decimal" className={inputClass} value={form.restartDelay} onChange={(e) => update('restartDelay', e.target.value)} />
          </FormField>
          <FormField id="svc-restart-attempts" label="Max attempts" note="0: no limit" error={errors.restartMaxAttempts}>
            <input {...formControlProps('svc-restart-attempts', errors.restartMaxAttempts)} inputMode="numeric" className={inputClass} value={form.restartMaxAttempts} onChange={(e) => update('restartMaxAttempts', e.target.value)} />
          </FormField>
          <FormField id="svc-restart-window" label="Window (s)" error={errors.restartWindow}>
            <input {...formControlProps('svc-restart-window', errors.restartWindow)} inputMode="decimal" className={inputClass} value={form.restartWindow} onChange={(e) => update('restartWindow', e.target.value)} />
          </FormField>
        </div>
      </Section>

      <Section title="Health check">
        <label className="flex items-center gap-2">
          <input type="checkbox" className="h-4 w-4 accent-cyan-600" checked={form.healthEnabled} onChange={(e) => update('healthEnabled', e.target.checked)} />
          Check the task&apos;s health (unhealthy tasks are replaced)
        </label>
        {form.healthEnabled ? (
          <div className="grid gap-3 sm:grid-cols-4">
            <div className="sm:col-span-4">
              <FormField id="svc-health-cmd" label="Command" note="Run by the container's shell; exit 0 means healthy." error={errors.healthCommand}>
                <input {...formControlProps('svc-health-cmd', errors.healthCommand)} className={smallInput} value={form.healthCommand} onChange={(e) => update('healthCommand', e.target.value)} placeholder="wget -q -O- http://localhost/ || exit 1" />
              </FormField>
            </div>
            <FormField id="svc-health-interval" label="Interval (s)" error={errors.healthInterval}>
              <input {...formControlProps('svc-health-interval', errors.healthInterval)} inputMode="decimal" className={inputClass} value={form.healthInterval} onChange={(e) => update('healthInterval', e.target.value)} />
            </FormField>
            <FormField id="svc-health-timeout" label="Timeout (s)" error={errors.healthTimeout}>
              <input {...formControlProps('svc-health-timeout', errors.healthTimeout)} inputMode="decimal" className={inputClass} value={form.healthTimeout} onChange={(e) => update('healthTimeout', e.target.value)} />
            </FormField>
            <FormField id="svc-health-retries" label="Retries" error={errors.healthRetries}>
              <input {...formControlProps('svc-health-retries', errors.healthRetries)} inputMode="numeric" className={inputClass} value={form.healthRetries} onChange={(e) => update('healthRetries', e.target.value)} />
            </FormField>
            <FormField id="svc-health-start" label="Start period (s)" error={errors.healthStartPeriod}>
              <input {...formControlProps('svc-health-start', errors.healthStartPeriod)} inputMode="decimal" className={inputClass} value={form.healthStartPeriod} onChange={(e) => update('healthStartPeriod', e.target.value)} />
            </FormField>
          </div>
        ) : null}
      </Section>

      <Section title="Rolling updates">
        <UpdateFields prefix="update" value={form.update} errors={errors} onChange={(value) => update('update', value)} />
      </Section>
      <Section title="Rollback">
        <UpdateFields prefix="rollback" value={form.rollback} errors={errors} onChange={(value) => update('rollback', value)} />
      </Section>

      <FormField id="svc-labels" label="Labels" aside="KEY=value, one per line" error={errors.labels}>
        <textarea {...formControlProps('svc-labels', errors.labels)} className={`${smallInput} h-16`} value={form.labels} onChange={(e) => update('labels', e.target.value)} />
      </FormField>

      <EquivalentCommand command={command} placeholder="Fill in the image and name (and fix the fields marked in red) to see the command." testId="docker-service-command" onCopyFailed={setEngineError} />
    </Modal>
  );
}
