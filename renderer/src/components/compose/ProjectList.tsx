import type { ComposeProject } from '../../../../common/contract/compose';

function summary(project: ComposeProject): string {
  const running = project.services.reduce((sum, service) => sum + service.running, 0);
  const desired = project.services.reduce((sum, service) => sum + (service.state === 'absent' ? 0 : service.desired), 0);
  return `${project.services.length} service${project.services.length === 1 ? '' : 's'} · ${running}/${desired} running`;
}

/** The projects Berth knows: running ones (from labels) and the files the user opened. */
export function ProjectList({ projects, selected }: { projects: ComposeProject[]; selected?: string }) {
  if (!projects.length) return <p className="p-3 text-sm text-slate-500">No Compose projects yet: open a file above, or run one with Compose.</p>;
  return (
    <ul aria-label="Compose projects" className="divide-y divide-slate-200 dark:divide-slate-800">
      {projects.map((project) => {
        const running = project.services.some((service) => service.running > 0);
        return (
          <li key={project.name}>
            <a
              href={`#/compose/${encodeURIComponent(project.name)}`}
              aria-current={project.name === selected ? 'page' : undefined}
              className={`block px-3 py-2 text-sm ${project.name === selected ? 'bg-cyan-600/10' : 'hover:bg-slate-100 dark:hover:bg-slate-800/60'}`}
            >
              <span className="flex items-center gap-2">
                <span className={`h-2 w-2 shrink-0 rounded-full ${running ? 'bg-emerald-500' : 'bg-slate-400'}`} aria-hidden="true" />
                <span className="truncate font-medium">{project.name}</span>
                <span className="ml-auto text-xs text-slate-500">{project.source === 'running' ? 'running' : project.source === 'opened' ? 'file' : 'file · running'}</span>
              </span>
              <span className="block pl-4 text-xs text-slate-500">{summary(project)}</span>
            </a>
          </li>
        );
      })}
    </ul>
  );
}
