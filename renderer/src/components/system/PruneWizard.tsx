import { useState } from 'react';
import { PRUNE_STEPS, type PruneStep, type SystemPruneResult } from '../../../../common/contract/system';
import { formatBytes } from '../../lib/format';
import { buttonClass, Modal } from '../Modal';
import { PruneStepView, type PruneNoun } from './PruneStepView';
import { Checkbox } from './Toolbar';
import { usePruneStep } from './usePruneStep';

/** What each step removes, in the singular and plural: "1 unused image", "there are no unused images". */
export const STEP_NOUNS: Record<PruneStep, PruneNoun> = {
  containers: { one: 'stopped container', many: 'stopped containers' },
  networks: { one: 'unused network', many: 'unused networks' },
  images: { one: 'unused image', many: 'unused images' },
  volumes: { one: 'unused volume', many: 'unused volumes' },
  buildCache: { one: 'build cache record', many: 'build cache records' },
};

function WizardStep({ step, index, onDone, onClose }: { step: PruneStep; index: number; onDone(result?: SystemPruneResult): void; onClose(): void }) {
  const [includeTagged, setIncludeTagged] = useState(false);
  const state = usePruneStep(step, includeTagged);
  const count = state.chosen.size;
  const finished = Boolean(state.result) || (state.preview !== undefined && state.preview.candidates.length === 0);
  // Everything unticked: this step deletes nothing, so the button moves on instead.
  const skipping = !finished && state.preview !== undefined && count === 0;
  const last = index === PRUNE_STEPS.length - 1;
  return (
    <Modal
      title={`Clean up, step ${index + 1} of ${PRUNE_STEPS.length}: ${STEP_NOUNS[step].many}`}
      onClose={onClose}
      onSubmit={() => (finished || skipping ? onDone(state.result) : void state.confirm())}
      submitLabel={finished || skipping ? (last ? 'Finish' : 'Next step') : count === state.preview?.candidates.length ? `Delete ${count === 1 ? 'it' : `all ${count}`}` : `Delete ${count}`}
      submitting={state.busy}
      danger={!finished && !skipping}
      error={state.preview && state.error ? state.error.message : undefined}
      wide
    >
      {step === 'images' && !state.result ? (
        <Checkbox checked={includeTagged} onChange={setIncludeTagged}>
          Also tagged images no container uses (not only dangling ones)
        </Checkbox>
      ) : null}
      <PruneStepView state={state} noun={STEP_NOUNS[step]} />
      {!finished ? (
        <button type="button" className={buttonClass} onClick={() => onDone()}>
          Skip this step
        </button>
      ) : null}
    </Modal>
  );
}

/**
 * The clean-up wizard: one step per kind of object, each listing exactly what it will delete before the user
 * confirms it (or skips it), ending with a summary.
 */
export function PruneWizard({ onClose }: { onClose(): void }) {
  const [index, setIndex] = useState(0);
  const [results, setResults] = useState<SystemPruneResult[]>([]);
  const step = PRUNE_STEPS[index];
  if (step) {
    return (
      <WizardStep
        key={step}
        step={step}
        index={index}
        onClose={onClose}
        onDone={(result) => {
          if (result) setResults((all) => [...all, result]);
          setIndex((n) => n + 1);
        }}
      />
    );
  }
  const reclaimed = results.reduce((sum, result) => sum + result.reclaimedBytes, 0);
  return (
    <Modal title="Clean-up finished" onClose={onClose} onSubmit={onClose} submitLabel="Close">
      {results.length ? (
        <ul aria-label="Clean-up summary" className="list-disc space-y-1 pl-5">
          {results.map((result) => (
            <li key={result.step}>
              {STEP_NOUNS[result.step].many}: {result.removed.length} removed{result.failed.length ? `, ${result.failed.length} kept` : ''}
            </li>
          ))}
        </ul>
      ) : (
        <p>Nothing was deleted.</p>
      )}
      {reclaimed ? <p>About {formatBytes(reclaimed)} reclaimed.</p> : null}
    </Modal>
  );
}
