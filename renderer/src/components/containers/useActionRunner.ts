import { useCallback, useRef, useState } from 'react';
import { runForEach, type ActionFailure } from './container-actions';

export interface ActionTarget {
  id: string;
  name: string;
}

export interface ActionReport {
  /** e.g. "Could not stop 2 of 5 containers". */
  title: string;
  failures: ActionFailure[];
}

export interface ActionRunner {
  /** Containers with an action in flight. */
  busy: ReadonlySet<string>;
  /** What is running right now, e.g. "Stopping web…". */
  progress: string | undefined;
  report: ActionReport | undefined;
  dismiss(): void;
  run(verb: { progress: string; failed: string }, targets: ActionTarget[], action: (id: string) => Promise<unknown>): Promise<boolean>;
}

function describe(targets: ActionTarget[]): string {
  return targets.length === 1 ? `"${targets[0]!.name}"` : `${targets.length} containers`;
}

/** Runs container actions with visible progress and keeps every failure until the user dismisses it. */
export function useActionRunner(): ActionRunner {
  const [busy, setBusy] = useState<ReadonlySet<string>>(new Set());
  const [progress, setProgress] = useState<string>();
  const [report, setReport] = useState<ActionReport>();
  const running = useRef(0);

  const run = useCallback<ActionRunner['run']>(async (verb, targets, action) => {
    if (!targets.length) return true;
    running.current++;
    setReport(undefined);
    setProgress(`${verb.progress} ${describe(targets)}…`);
    setBusy((previous) => new Set([...previous, ...targets.map((t) => t.id)]));
    const failures = await runForEach(targets, (target) => action(target.id), (target) => target.name);
    setBusy((previous) => {
      const next = new Set(previous);
      for (const target of targets) next.delete(target.id);
      return next;
    });
    if (--running.current === 0) setProgress(undefined);
    if (failures.length) {
      const title = targets.length === 1 ? `Could not ${verb.failed} "${targets[0]!.name}"` : `Could not ${verb.failed} ${failures.length} of ${targets.length} containers`;
      setReport({ title, failures });
    }
    return failures.length === 0;
  }, []);

  return { busy, progress, report, dismiss: useCallback(() => setReport(undefined), []), run };
}
