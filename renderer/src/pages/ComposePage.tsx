import { useEffect, useState } from 'react';
import type { ComposeStatus } from '../../../common/contract/compose';
import { api } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';
import { OpenProjectForm } from '../components/compose/OpenProjectForm';
import { ProjectList } from '../components/compose/ProjectList';
import { ProjectView } from '../components/compose/ProjectView';
import { PageHeader } from '../components/PageHeader';
import { useLiveData } from '../hooks/useLiveData';

/** `#/compose`, `#/compose/<project>`, and `#/compose/<project>/pull-up` (an image update's "pull and up"): Compose applications from their files. */
export function ComposePage({ path = [] }: { path?: string[] }) {
  const selected = path[0];
  const projects = useLiveData('compose.list', {}, ['container', 'network', 'volume']);
  const [status, setStatus] = useState<ComposeStatus>();
  useEffect(() => {
    void api.call('compose.status', {}).then(setStatus, () => undefined);
  }, []);
  const project = projects.data?.find((entry) => entry.name === selected);
  return (
    <div className="flex h-full flex-col">
      <PageHeader
        title="Compose"
        subtitle={status?.cli ? `${status.cli.command} ${status.cli.version}${status.dockerHost ? ` → ${status.dockerHost}` : ''}` : 'Applications from their compose files'}
      />
      {status?.installHint ? (
        <p role="alert" className="mx-6 mt-4 rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {status.installHint}
        </p>
      ) : null}
      <div className="flex min-h-0 flex-1">
        <aside className="w-80 shrink-0 overflow-auto border-r border-slate-200 dark:border-slate-800">
          <OpenProjectForm
            onOpened={(opened) => {
              projects.reload();
              location.hash = `#/compose/${encodeURIComponent(opened.name)}`;
            }}
          />
          {projects.error && !projects.data ? <ErrorNotice error={projects.error} what="Compose projects" /> : <ProjectList projects={projects.data ?? []} selected={selected} />}
        </aside>
        <div className="min-w-0 flex-1 overflow-auto">
          {project ? (
            <ProjectView key={project.name} project={project} onChanged={projects.reload} canRun={Boolean(status?.cli)} pullAndUp={path[1] === 'pull-up'} />
          ) : (
            <p className="p-6 text-sm text-slate-500">{selected && projects.data ? `There is no project "${selected}".` : 'Pick a project, or open a compose file.'}</p>
          )}
        </div>
      </div>
    </div>
  );
}
