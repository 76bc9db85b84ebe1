import type { RegistryInfo, SearchGroup } from '../../../../common/contract';
import { buttonClass } from '../Modal';

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

function repositoryHref(registry: RegistryInfo, repository: string): string {
  return `#/registry/${registry.id}/${repository}`;
}

/** One registry's section of the search: its results, or the reason it could not answer. */
function GroupSection({ group, term, onPull }: { group: SearchGroup; term: string; onPull(reference: string): void }) {
  const { registry } = group;
  return (
    <section aria-label={`Results from ${registry.name}`} className="border-b border-slate-200 px-6 py-4 dark:border-slate-800">
      <h2 className="mb-2 flex flex-wrap items-baseline gap-2 text-sm font-semibold">
        {registry.name}
        <span className="font-mono text-xs font-normal text-slate-500 dark:text-slate-400">{registry.host}</span>
        <span className="text-xs font-normal text-slate-500 dark:text-slate-400">
          {group.error ? '' : `${group.results.length}${group.truncated ? '+' : ''} ${group.results.length === 1 ? 'repository' : 'repositories'}`}
        </span>
      </h2>
      {group.error ? (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {registry.kind === 'hub' ? 'Docker Hub cannot be searched right now' : `${registry.name} cannot be searched`}: {group.error}
        </p>
      ) : group.results.length === 0 ? (
        <p className="text-sm text-slate-500 dark:text-slate-400">
          {registry.kind === 'hub' && !term ? 'Type a name to search Docker Hub.' : term ? `Nothing matches “${term}”.` : 'This registry holds no repositories.'}
        </p>
      ) : (
        <ul className="divide-y divide-slate-100 dark:divide-slate-800/70">
          {group.results.map((result) => (
            <li key={result.repository} className="flex items-start justify-between gap-4 py-2">
              <div className="min-w-0">
                <a href={repositoryHref(registry, result.repository)} className="font-medium text-cyan-700 hover:underline dark:text-cyan-300">
                  {result.pullName}
                </a>
                {result.official ? (
                  <span className="ml-2 rounded bg-emerald-100 px-1.5 py-0.5 text-[11px] font-medium text-emerald-800 dark:bg-emerald-900/60 dark:text-emerald-200">Official</span>
                ) : null}
                {result.description ? <p className="truncate text-xs text-slate-500 dark:text-slate-400">{result.description}</p> : null}
              </div>
              <div className="flex shrink-0 items-center gap-3 text-xs text-slate-500 dark:text-slate-400">
                {result.stars !== undefined ? <span title="Stars">★ {compact.format(result.stars)}</span> : null}
                {result.pulls !== undefined ? <span title="Pulls">{compact.format(result.pulls)} pulls</span> : null}
                <button type="button" className={buttonClass} aria-label={`Pull ${result.pullName}`} onClick={() => onPull(`${result.pullName}:latest`)}>
                  Pull
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Search results grouped by registry, in the order the registries are listed (not the order they answered). */
export function SearchResults({ registries, groups, pending, term, onPull }: { registries: RegistryInfo[]; groups: SearchGroup[]; pending: boolean; term: string; onPull(reference: string): void }) {
  return (
    <div aria-busy={pending}>
      {registries.map((registry) => {
        const group = groups.find((candidate) => candidate.registry.id === registry.id);
        if (group) return <GroupSection key={registry.id} group={group} term={term} onPull={onPull} />;
        return (
          <section key={registry.id} aria-label={`Results from ${registry.name}`} className="border-b border-slate-200 px-6 py-4 text-sm text-slate-500 dark:border-slate-800">
            <h2 className="mb-1 font-semibold text-slate-900 dark:text-slate-100">{registry.name}</h2>
            {pending ? 'Searching…' : 'No answer.'}
          </section>
        );
      })}
    </div>
  );
}
