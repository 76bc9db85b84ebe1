import { useEffect, useState } from 'react';
import type { TransferEvent, UpdateEvent, UpdateSkip } from '../../../../common/contract';
import { Modal, buttonClass } from '../Modal';
import { TransferProgressView } from '../images/TransferProgressView';
import { useStreamTask } from '../images/useStreamTask';

/** The Compose projects whose containers the update left to Compose, each once. */
function composeProjects(skipped: UpdateSkip[]): string[] {
  return [...new Set(skipped.flatMap((entry) => (entry.compose ? [entry.compose.project] : [])))];
}

/** Pulls the newer image and recreates the containers using it (or one of them), then says what was updated and skipped. */
export function UpdateDialog({ reference, containers, onClose, onDone }: { reference: string; containers?: { id: string; name: string }[]; onClose(): void; onDone?(summary: Extract<UpdateEvent, { kind: 'done' }>): void }) {
  const [pull, setPull] = useState<TransferEvent>();
  const [step, setStep] = useState<string>();
  const [summary, setSummary] = useState<Extract<UpdateEvent, { kind: 'done' }>>();
  const task = useStreamTask('updates.apply', (event) => {
    if (event.kind === 'pull') setPull(event.progress);
    else if (event.kind === 'step') setStep(`${event.container}: ${event.step}`);
    else setSummary(event);
  });
  const busy = task.state === 'running';
  const finished = task.state === 'done';
  useEffect(() => {
    if (finished && summary) onDone?.(summary);
  }, [finished, summary]);
  const who = containers?.length ? containers.map((c) => c.name).join(', ') : 'every container that uses it';
  return (
    <Modal
      title={`Update ${reference}`}
      submitLabel={finished ? 'Close' : busy ? 'Updating' : task.state === 'failed' ? 'Try again' : 'Pull and recreate'}
      submitting={busy}
      onSubmit={() => (finished ? onClose() : task.start({ reference, ...(containers?.length ? { containerIds: containers.map((c) => c.id) } : {}) }))}
      onClose={() => {
        task.cancel();
        onClose();
      }}
      error={task.error ? `The update failed: ${task.error}` : undefined}
      wide
    >
      <p>
        Pulls the newest <span className="font-mono">{reference}</span>, then recreates {who} from it with the same settings, volumes and networks (a
        container whose new version does not start keeps running the old one).
      </p>
      {pull ? <TransferProgressView event={pull} state={summary || pull.kind === 'done' ? 'done' : task.state} what="Pull" /> : null}
      {step && !summary ? <p className="text-slate-600 dark:text-slate-400">{step}…</p> : null}
      {summary ? (
        <div data-testid="update-summary" className="space-y-2">
          <p className="font-medium">
            {summary.updated.length} updated, {summary.skipped.length} skipped.
          </p>
          <ul className="list-disc space-y-1 pl-5">
            {summary.updated.map((c) => (
              <li key={c.id}>{c.name}: updated and running the new image.</li>
            ))}
            {summary.skipped.map((c) => (
              <li key={c.name}>
                {c.name}: skipped. {c.reason}
              </li>
            ))}
          </ul>
          {composeProjects(summary.skipped).map((project) => (
            <a key={project} className={buttonClass} href={`#/compose/${encodeURIComponent(project)}/pull-up`} onClick={onClose}>
              Pull and up “{project}” on the Compose page
            </a>
          ))}
        </div>
      ) : null}
    </Modal>
  );
}
