import { useState } from 'react';
import type { ServiceDetails as Details, TaskInfo } from '../../../../common/contract';
import { api } from '../../api/client';
import { useServiceDetails } from '../../hooks/useSwarm';
import { useSubmit } from '../../hooks/useSubmit';
import { shortId } from '../../lib/format';
import { ErrorNotice } from '../ErrorNotice';
import { FieldError } from '../FormField';
import { LogViewer } from '../logs/LogViewer';
import { buttonClass, dangerButtonClass, inputClass, Modal, primaryButtonClass } from '../Modal';
import { LinkTabs, Notice } from '../system/Toolbar';
import { slotProgress, type SlotProgress } from './rolling-update';
import { serviceHref } from './ServiceList';
import { ServiceFormDialog } from './ServiceFormDialog';
import { readReplicas } from './service-form';
import { Ago, HealthBadge, PortList, ReplicaBar, TaskStateBadge, taskProblem, UpdateBadge } from './swarm-bits';

function InlineScale({ service }: { service: Details }) {
  const [text, setText] = useState(String(service.desired));
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const scale = async () => {
    const read = readReplicas(text);
    if ('error' in read) return setError(`${read.error} Nothing was changed.`);
    setError(undefined);
    setBusy(true);
    try {
      await api.call('swarm.services.scale', { id: service.id, replicas: read.replicas });
    } catch (err) {
      setError(`${(err as Error).message} Nothing was changed.`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="flex flex-col gap-1"
      onSubmit={(event) => {
        event.preventDefault();
        void scale();
      }}
    >
      <div className="flex items-center gap-2">
        <label htmlFor="scale-replicas" className="text-sm">
          Replicas
        </label>
        <input id="scale-replicas" inputMode="numeric" aria-invalid={Boolean(error)} className={inputClass.replace('w-full', 'w-20')} value={text} onChange={(e) => setText(e.target.value)} />
        <button type="submit" className={buttonClass} disabled={busy}>
          Scale
        </button>
      </div>
      <FieldError message={error} />
    </form>
  );
}

const PHASE_WORDS: Record<SlotProgress['phase'], string> = { done: 'replaced', replacing: 'replacing…', waiting: 'waiting', failed: 'failed' };
const PHASE_STYLES: Record<SlotProgress['phase'], string> = {
  done: 'border-emerald-300 bg-emerald-50 dark:border-emerald-800 dark:bg-emerald-950/50',
  replacing: 'border-sky-300 bg-sky-50 dark:border-sky-700 dark:bg-sky-950/50',
  waiting: 'border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900',
  failed: 'border-rose-300 bg-rose-50 dark:border-rose-800 dark:bg-rose-950/50',
};

function TaskChip({ task, none }: { task: TaskInfo | undefined; none: string }) {
  if (!task) return <span className="text-xs text-slate-400">{none}</span>;
  return (
    <span className="flex min-w-0 flex-col gap-0.5">
      <span className="truncate font-mono text-xs" title={task.image}>
        {task.image.slice(task.image.lastIndexOf('/') + 1)}
      </span>
      <span className="flex items-center gap-1.5">
        <TaskStateBadge state={task.state} />
        <HealthBadge health={task.health} />
        <span className="font-mono text-[10px] text-slate-500">{task.id.slice(0, 8)}</span>
      </span>
    </span>
  );
}

/** Slot by slot, the previous spec's task → the current spec's task, with the update's state from `UpdateStatus`. */
function RollingUpdateView({ service }: { service: Details }) {
  const update = service.update;
  if (!update) return null;
  const slots = slotProgress(service.tasks);
  const done = slots.filter((slot) => slot.phase === 'done').length;
  const rollingBack = update.state.startsWith('rollback');
  return (
    <section aria-label="Rolling update" data-testid="rolling-update" className="mx-6 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 className="flex items-center gap-2 text-sm font-semibold">
          {rollingBack ? 'Rollback' : 'Rolling update'} <UpdateBadge update={update} />
          <span className="font-normal text-slate-500 dark:text-slate-400" data-testid="update-progress">
            {done} of {slots.length} slots on the {rollingBack ? 'previous' : 'new'} spec
          </span>
        </h2>
        <span className="text-xs text-slate-500 dark:text-slate-400">
          {update.startedAt ? (
            <>
              started <Ago time={update.startedAt} />
            </>
          ) : null}
          {update.completedAt ? (
            <>
              {' '}
              · finished <Ago time={update.completedAt} />
            </>
          ) : null}
        </span>
      </div>
      {update.message ? <p className="mt-1 text-sm text-slate-600 dark:text-slate-300">{update.message}</p> : null}
      {update.state === 'paused' || update.state === 'rollback_paused' ? (
        <p className="mt-1 text-sm text-amber-800 dark:text-amber-200">
          The {update.state === 'paused' ? 'update' : 'rollback'} stopped because new tasks failed. Roll back, or update again to continue.
        </p>
      ) : null}
      <ol className="mt-3 grid gap-2 sm:grid-cols-2 xl:grid-cols-3">
        {slots.map((slot) => (
          <li key={slot.key} data-slot={slot.label} data-phase={slot.phase} className={`rounded-md border p-2 ${PHASE_STYLES[slot.phase]}`}>
            <div className="mb-1 flex items-center justify-between text-xs">
              <span className="font-medium">{slot.label}</span>
              <span className="text-slate-500 dark:text-slate-400">{PHASE_WORDS[slot.phase]}</span>
            </div>
            <div className="grid grid-cols-[1fr_auto_1fr] items-center gap-2">
              <TaskChip task={slot.old} none="(new slot)" />
              <span aria-hidden className="text-slate-400">
                →
              </span>
              <TaskChip task={slot.next} none="not yet" />
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

function TaskTable({ tasks }: { tasks: TaskInfo[] }) {
  let previousSlot: string | undefined;
  return (
    <div className="overflow-x-auto">
      <table aria-label="Tasks" className="w-full border-collapse text-left text-sm">
        <thead className="text-xs uppercase tracking-wide text-slate-500 dark:text-slate-400">
          <tr>
            {['Slot', 'Task', 'Node', 'Image', 'Desired', 'State', 'Health', 'Error / exit', 'Age'].map((header) => (
              <th key={header} scope="col" className="border-b border-slate-200 px-3 py-2 font-medium first:pl-6 dark:border-slate-800">
                {header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {tasks.map((task) => {
            const slot = task.slot !== undefined ? String(task.slot) : (task.nodeName ?? '');
            const first = slot !== previousSlot;
            previousSlot = slot;
            const problem = taskProblem(task);
            return (
              <tr
                key={task.id}
                data-task={task.id}
                data-history={first ? undefined : 'true'}
                className={`border-b border-slate-100 dark:border-slate-900 ${first ? '' : 'text-slate-500 dark:text-slate-400'}`}
              >
                <td className="px-3 py-1.5 pl-6 font-medium">{first ? slot || '—' : ''}</td>
                <td className="px-3 py-1.5 font-mono text-xs" title={task.id}>
                  {task.id.slice(0, 10)}
                </td>
                <td className="px-3 py-1.5">{task.nodeName ?? (task.nodeId ? shortId(task.nodeId) : <span className="text-slate-400">none yet</span>)}</td>
                <td className="max-w-60 px-3 py-1.5 font-mono text-xs break-all">{task.image}</td>
                <td className="px-3 py-1.5">{task.desiredState}</td>
                <td className="px-3 py-1.5">
                  <span className="flex flex-col gap-0.5">
                    <TaskStateBadge state={task.state} />
                    {task.message && !problem ? <span className="text-xs text-slate-500 dark:text-slate-400">{task.message}</span> : null}
                  </span>
                </td>
                <td className="px-3 py-1.5">
                  <HealthBadge health={task.health} />
                </td>
                <td className="max-w-80 px-3 py-1.5 text-xs">
                  {problem ? <span className={task.state === 'pending' ? 'text-amber-800 dark:text-amber-200' : 'text-rose-700 dark:text-rose-300'}>{problem}</span> : null}
                  {task.exitCode !== undefined ? <span className="block font-mono">exit {task.exitCode}</span> : null}
                </td>
                <td className="px-3 py-1.5 text-xs">
                  <Ago time={task.createdAt} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

type Confirm = 'rollback' | 'redeploy' | 'remove';

function ConfirmDialog({ kind, service, onClose, onDone }: { kind: Confirm; service: Details; onClose(): void; onDone(message: string): void }) {
  const { submitting, error, submit } = useSubmit<string>(onDone);
  const live = service.tasks.filter((task) => task.desiredState === 'running').length;
  const texts = {
    rollback: {
      title: `Roll back ${service.name}`,
      button: 'Roll back',
      body: `The service returns to its spec before the last update${service.previousImage ? ` (image ${service.previousImage})` : ''}; its tasks are replaced as the rollback settings say.`,
      run: () => api.call('swarm.services.rollback', { id: service.id }).then(() => `Rolling back ${service.name}.`),
    },
    redeploy: {
      title: `Redeploy ${service.name}`,
      button: 'Redeploy',
      body: `Every task (${live}) is replaced by a new one with the same spec, in batches as the update settings say. Use it to pick up a changed image behind the same tag or restart stuck tasks.`,
      run: () => api.call('swarm.services.redeploy', { id: service.id }).then(() => `Redeploying ${service.name}.`),
    },
    remove: {
      title: `Remove ${service.name}`,
      button: 'Remove service',
      body: `The service and its ${live} running ${live === 1 ? 'task' : 'tasks'} are removed; their containers stop. Volumes, networks, secrets and configs stay.`,
      run: () => api.call('swarm.services.remove', { id: service.id }).then(() => `Removed ${service.name}.`),
    },
  }[kind];
  return (
    <Modal title={texts.title} submitLabel={texts.button} danger={kind !== 'rollback'} submitting={submitting} error={error} onClose={onClose} onSubmit={() => void submit(texts.run)}>
      <p>{texts.body}</p>
    </Modal>
  );
}

/** One service: summary, inline scale, actions, the rolling-update view, tasks per slot with their history, and merged logs. */
export function ServiceDetailsView({ id, tab }: { id: string; tab: 'tasks' | 'logs' }) {
  const { data: service, error } = useServiceDetails(id);
  const [dialog, setDialog] = useState<Confirm | 'edit'>();
  const [notice, setNotice] = useState<string>();
  if (!service) {
    return error ? <ErrorNotice error={error} what={`the service ${id}`} /> : <p className="p-6 text-sm text-slate-500 dark:text-slate-400">Loading the service…</p>;
  }
  const close = (message?: string) => {
    setDialog(undefined);
    if (message) setNotice(message);
  };
  const stuck = service.tasks.filter((task) => task.desiredState === 'running' && task.state === 'pending' && (task.error || task.message));
  return (
    <div className="flex h-full min-h-0 flex-col">
      <header className="flex flex-wrap items-end justify-between gap-3 border-b border-slate-200 px-6 py-4 dark:border-slate-800">
        <div className="min-w-0">
          <p className="text-xs text-slate-500 dark:text-slate-400">
            <a href="#/services" className="text-cyan-700 hover:underline dark:text-cyan-400">
              Services
            </a>
            {service.stack ? <> · stack {service.stack}</> : null}
          </p>
          <h1 className="truncate text-xl font-semibold tracking-tight">{service.name}</h1>
          <p className="mt-0.5 flex flex-wrap items-center gap-3 text-sm text-slate-500 dark:text-slate-400">
            <span className="font-mono text-xs">{service.image}</span>
            <span>{service.mode}</span>
            <ReplicaBar running={service.running} desired={service.desired} />
            <PortList ports={service.ports} />
          </p>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          {service.mode === 'replicated' ? <InlineScale key={service.desired} service={service} /> : null}
          <button type="button" className={primaryButtonClass} onClick={() => setDialog('edit')}>
            Update…
          </button>
          <button type="button" className={buttonClass} disabled={!service.canRollback} title={service.canRollback ? undefined : 'Not updated yet: nothing to roll back to.'} onClick={() => setDialog('rollback')}>
            Roll back…
          </button>
          <button type="button" className={buttonClass} onClick={() => setDialog('redeploy')}>
            Redeploy…
          </button>
          <button type="button" className={dangerButtonClass} onClick={() => setDialog('remove')}>
            Remove…
          </button>
        </div>
      </header>
      <LinkTabs
        label="Service"
        active={tab}
        tabs={[
          { id: 'tasks', label: 'Tasks', href: serviceHref(service.id) },
          { id: 'logs', label: 'Logs', href: `${serviceHref(service.id)}/logs` },
        ]}
      />
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {tab === 'logs' ? (
        <div className="min-h-0 flex-1">
          <LogViewer key={service.id} target={{ kind: 'swarm-service', service: service.id }} name={service.name} />
        </div>
      ) : (
        <div className="min-h-0 flex-1 space-y-4 overflow-auto py-4">
          {stuck.length ? (
            <Notice tone="info">
              {stuck.length === 1 ? 'A task is' : `${stuck.length} tasks are`} waiting for a node: {stuck[0]!.error ?? stuck[0]!.message}. Check the placement constraints, resource reservations and the nodes&apos; availability.
            </Notice>
          ) : null}
          <RollingUpdateView service={service} />
          <TaskTable tasks={service.tasks} />
        </div>
      )}
      {dialog === 'edit' ? (
        <ServiceFormDialog
          editing={{ id: service.id, input: service.input }}
          onClose={() => close()}
          onSaved={(_, warnings) => close(`Updating ${service.name}.${warnings.length ? ` ${warnings.join(' ')}` : ''}`)}
        />
      ) : null}
      {dialog && dialog !== 'edit' ? (
        <ConfirmDialog
          kind={dialog}
          service={service}
          onClose={() => close()}
          onDone={(message) => {
            close(message);
            if (dialog === 'remove') window.location.hash = '#/services';
          }}
        />
      ) : null}
    </div>
  );
}
