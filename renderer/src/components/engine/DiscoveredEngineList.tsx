import type { ActiveChoice, DiscoveredEngine, EngineSettingsView, EngineStatus } from '../../../../common/contract';
import type { ApiError } from '../../../../common/errors';
import { buttonClass } from '../Modal';
import { Card } from './Card';

export interface DiscoveredEngineListProps {
  engines: DiscoveredEngine[] | undefined;
  error: ApiError | undefined;
  loading: boolean;
  status: EngineStatus;
  active: EngineSettingsView['active'] | undefined;
  pending: boolean;
  onRefresh(): void;
  onActivate(choice: ActiveChoice): void;
}

function choiceFor(engine: DiscoveredEngine): ActiveChoice {
  if (engine.source === 'managed') return { mode: 'managed' };
  if (engine.endpointId) return { mode: 'endpoint', id: engine.endpointId };
  return { mode: 'address', url: engine.endpoint };
}

function describe(engine: DiscoveredEngine): string {
  if (!engine.reachable) return engine.error ?? 'Not answering.';
  const kind = engine.kind === 'podman' ? 'Podman' : 'Docker';
  return `${kind} ${engine.version ?? ''}${engine.apiVersion ? ` · API ${engine.apiVersion}` : ''}`.trim();
}

/** Every engine Berth can find, in the order automatic mode tries them, with where each came from. */
export function DiscoveredEngineList({ engines, error, loading, status, active, pending, onRefresh, onActivate }: DiscoveredEngineListProps) {
  const automatic = active?.mode === 'auto';
  return (
    <Card
      title="Engines found on this machine"
      className="lg:col-span-2"
      actions={
        <>
          <span className="text-xs text-slate-500 dark:text-slate-400">{automatic ? 'Berth picks the first one that answers.' : 'You chose an engine.'}</span>
          {!automatic ? (
            <button type="button" className={buttonClass} disabled={pending} onClick={() => onActivate({ mode: 'auto' })}>
              Choose automatically
            </button>
          ) : null}
          <button type="button" className={buttonClass} disabled={loading} onClick={onRefresh}>
            {loading ? 'Looking…' : 'Look again'}
          </button>
        </>
      }
    >
      {error ? <p role="alert" className="text-sm text-rose-700 dark:text-rose-300">Could not look for engines: {error.message}</p> : null}
      <ol aria-label="Engines found" className="divide-y divide-slate-100 dark:divide-slate-800">
        {(engines ?? []).map((engine, index) => {
          const isActive = engine.endpoint === status.endpoint;
          return (
            <li key={`${engine.source}-${engine.endpoint}`} data-source={engine.source} className="flex flex-wrap items-center gap-x-4 gap-y-1 py-2 text-sm">
              <span className="w-5 text-right text-xs text-slate-400">{index + 1}</span>
              <span className={`size-2 rounded-full ${engine.reachable ? 'bg-emerald-500' : 'bg-slate-300 dark:bg-slate-600'}`} aria-hidden />
              <div className="min-w-0 flex-1">
                <div className="font-medium">
                  {engine.origin}
                  {isActive ? <span className="ml-2 rounded-full bg-cyan-100 px-2 py-0.5 text-xs font-medium text-cyan-800 dark:bg-cyan-900/60 dark:text-cyan-200">active</span> : null}
                </div>
                <code className="font-mono text-xs break-all text-slate-500 dark:text-slate-400">{engine.endpoint}</code>
              </div>
              <span className={`text-xs ${engine.reachable ? 'text-slate-700 dark:text-slate-300' : 'text-slate-500 dark:text-slate-400'}`}>{describe(engine)}</span>
              {!isActive && (engine.reachable || engine.source === 'managed') ? (
                <button type="button" className={buttonClass} disabled={pending} onClick={() => onActivate(choiceFor(engine))}>
                  Use
                </button>
              ) : null}
            </li>
          );
        })}
      </ol>
    </Card>
  );
}
