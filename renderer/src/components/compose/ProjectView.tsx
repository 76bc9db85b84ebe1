import { useEffect, useRef, useState } from 'react';
import type { ComposeAction, ComposeDownPreview, ComposeProject } from '../../../../common/contract/compose';
import { api } from '../../api/client';
import { buttonClass, dangerButtonClass, primaryButtonClass } from '../Modal';
import { ComposeEditor } from './ComposeEditor';
import { DownDialog } from './DownDialog';
import { OutputPane } from './OutputPane';
import { ServicesTable } from './ServicesTable';
import { StackDeployDialog } from './StackDeployDialog';
import { useComposeRun } from './useComposeRun';

const GROUP_ACTIONS: { kind: 'start' | 'stop' | 'restart' | 'pull' | 'build'; label: string }[] = [
  { kind: 'start', label: 'Start' },
  { kind: 'stop', label: 'Stop' },
  { kind: 'restart', label: 'Restart' },
  { kind: 'pull', label: 'Pull' },
  { kind: 'build', label: 'Build' },
];

/** One project: its actions, services, the output of the last action and the editor for its files. */
export function ProjectView({ project, onChanged, canRun, pullAndUp = false }: { project: ComposeProject; onChanged(): void; canRun: boolean; pullAndUp?: boolean }) {
  const run = useComposeRun(onChanged);
  const [confirmDown, setConfirmDown] = useState(false);
  const [deployingStack, setDeployingStack] = useState(false);
  const [file, setFile] = useState(project.files[0]);
  const busy = run.state === 'running' || !canRun;
  const start = (action: ComposeAction, what: string) => run.run(project.name, action, what);
  const opened = project.source !== 'running';
  // Arriving from an image update's summary: pull and up once, then drop the step from the address so a reload does not repeat it.
  const pulledAndUpped = useRef(false);
  useEffect(() => {
    if (!pullAndUp || !canRun || pulledAndUpped.current) return;
    pulledAndUpped.current = true;
    history.replaceState(null, '', `#/compose/${encodeURIComponent(project.name)}`);
    start({ kind: 'pullUp' }, 'Pull and up');
  }, [pullAndUp, canRun]);
  // The project's networks and volumes on the engine (by label), read again whenever its services change.
  const [objects, setObjects] = useState<ComposeDownPreview>();
  const servicesKey = JSON.stringify(project.services.map((service) => [service.name, service.running, service.desired, service.state]));
  useEffect(() => {
    void api.call('compose.downPreview', { project: project.name }).then(setObjects, () => setObjects(undefined));
  }, [project.name, servicesKey]);
  return (
    <div className="space-y-4 p-6">
      <div className="flex flex-wrap items-start gap-3">
        <div className="min-w-0 flex-1">
          <h2 className="text-lg font-semibold tracking-tight">{project.name}</h2>
          <p className="truncate font-mono text-xs text-slate-500" title={project.workingDir}>
            {project.workingDir}
            {project.profiles.length ? ` · profiles ${project.profiles.join(', ')}` : ''}
            {project.envFile ? ` · env ${project.envFile}` : ''}
          </p>
          {project.fileError ? <p className="mt-1 text-sm text-rose-600 dark:text-rose-400">{project.fileError}</p> : null}
        </div>
        <a className={buttonClass} href={`#/logs/project/${encodeURIComponent(project.name)}`}>
          Merged logs
        </a>
        <button type="button" className={buttonClass} disabled={!project.files.length} onClick={() => setDeployingStack(true)} title="docker stack deploy: run these files as a swarm stack">
          Deploy to Swarm…
        </button>
        {opened ? (
          <button type="button" className={buttonClass} onClick={() => void api.call('compose.forget', { project: project.name }).then(onChanged)} title="Remove from this list (files and containers stay)">
            Forget
          </button>
        ) : null}
      </div>
      <div role="toolbar" aria-label="Project actions" className="flex flex-wrap gap-2">
        <button type="button" className={primaryButtonClass} disabled={busy} onClick={() => start({ kind: 'up', build: false, removeOrphans: false }, 'Up')}>
          Up
        </button>
        <button type="button" className={buttonClass} disabled={busy} onClick={() => start({ kind: 'up', build: true, removeOrphans: false }, 'Up (rebuild)')} title="up -d --build">
          Up + build
        </button>
        <button type="button" className={buttonClass} disabled={busy} onClick={() => start({ kind: 'pullUp' }, 'Pull and up')} title="pull, then up -d: recreates the services whose image changed">
          Pull and up
        </button>
        {GROUP_ACTIONS.map((action) => (
          <button key={action.kind} type="button" className={buttonClass} disabled={busy} onClick={() => start({ kind: action.kind }, action.label)}>
            {action.label}
          </button>
        ))}
        <button type="button" className={dangerButtonClass} disabled={busy} onClick={() => setConfirmDown(true)}>
          Down…
        </button>
      </div>
      <OutputPane run={run} />
      <section aria-label="Services" className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
        <ServicesTable services={project.services} busy={busy} onRun={start} />
        {objects ? (
          <dl className="mt-3 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 border-t border-slate-200 pt-2 text-xs dark:border-slate-800">
            <dt className="text-slate-500">Networks</dt>
            <dd className="font-mono">
              {objects.networks.length ? objects.networks.map((name) => <a key={name} className="mr-2 text-cyan-700 hover:underline dark:text-cyan-400" href={`#/networks/${encodeURIComponent(name)}`}>{name}</a>) : '—'}
            </dd>
            <dt className="text-slate-500">Volumes</dt>
            <dd className="font-mono">
              {objects.volumes.length ? objects.volumes.map((name) => <a key={name} className="mr-2 text-cyan-700 hover:underline dark:text-cyan-400" href={`#/volumes/${encodeURIComponent(name)}`}>{name}</a>) : '—'}
            </dd>
          </dl>
        ) : null}
      </section>
      {project.files.length > 1 ? (
        <div className="flex flex-wrap gap-1 text-xs" role="tablist" aria-label="Files">
          {project.files.map((entry) => (
            <button key={entry} type="button" role="tab" aria-selected={entry === file} onClick={() => setFile(entry)} className={`rounded px-2 py-1 font-mono ${entry === file ? 'bg-cyan-600/20 text-cyan-800 dark:text-cyan-200' : 'text-slate-500 hover:bg-slate-100 dark:hover:bg-slate-800'}`}>
              {entry.split('/').pop()}
            </button>
          ))}
        </div>
      ) : null}
      {file ? <ComposeEditor key={file} project={project.name} path={file} onSaved={onChanged} /> : null}
      {deployingStack ? <StackDeployDialog project={project} onClose={() => setDeployingStack(false)} /> : null}
      {confirmDown ? (
        <DownDialog
          project={project.name}
          onClose={() => setConfirmDown(false)}
          onConfirm={(action) => {
            setConfirmDown(false);
            start(action, 'Down');
          }}
        />
      ) : null}
    </div>
  );
}
