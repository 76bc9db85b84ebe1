import type { PruneStep } from '../../../../common/contract';
import { Modal } from '../Modal';
import { PruneStepView, type PruneNoun } from './PruneStepView';
import { usePruneStep } from './usePruneStep';

/** "Prune…" for one kind of object: preview, confirm, result. */
export function PruneDialog({ step, noun, onClose }: { step: PruneStep; noun: PruneNoun; onClose(): void }) {
  const state = usePruneStep(step);
  const count = state.chosen.size;
  const finished = Boolean(state.result) || (state.preview !== undefined && count === 0);
  return (
    <Modal
      title={`Remove ${noun.many}`}
      onClose={onClose}
      onSubmit={() => (finished ? onClose() : void state.confirm())}
      submitLabel={finished ? 'Close' : `Delete ${count === 1 ? 'it' : `all ${count}`}`}
      submitting={state.busy}
      danger={!finished}
      error={state.preview && state.error ? state.error.message : undefined}
    >
      <PruneStepView state={state} noun={noun} />
    </Modal>
  );
}
