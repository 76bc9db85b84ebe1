import type { ImageSummary } from '../../../../common/contract';
import { RowMenu } from '../RowMenu';

const needsTag = (action: ImageAction) => action === 'push' || action === 'run';

export type ImageAction = 'run' | 'tag' | 'push' | 'save' | 'history' | 'inspect' | 'remove';

const LABELS: Record<ImageAction, string> = {
  run: 'Run',
  tag: 'Tag',
  push: 'Push',
  save: 'Save',
  history: 'History',
  inspect: 'Inspect',
  remove: 'Remove',
};

/** Below this width of the list, only Run stays a button; every action is in the row's ⋮ menu at any width. */
const NARROW_HIDDEN = '@max-[64rem]:hidden';

/** The row's actions as small text buttons; push and run need a tag (save takes the image id when it has none). */
export function ImageActions({ image, actions, onAction }: { image: ImageSummary; actions: ImageAction[]; onAction(action: ImageAction): void }) {
  const name = image.tags[0] ?? image.id;
  return (
    <div className="flex items-center justify-end gap-0.5 whitespace-nowrap">
      {actions.map((action) => {
        return (
          <button
            key={action}
            type="button"
            aria-label={`${LABELS[action]} ${name}`}
            disabled={needsTag(action) && image.tags.length === 0}
            onClick={() => onAction(action)}
            className={`rounded px-1.5 py-0.5 text-xs font-medium hover:bg-slate-200 disabled:cursor-not-allowed disabled:opacity-40 dark:hover:bg-slate-800 ${action === 'run' ? '' : NARROW_HIDDEN} ${
              action === 'remove' ? 'text-rose-700 dark:text-rose-300' : 'text-cyan-700 dark:text-cyan-300'
            }`}
          >
            {LABELS[action]}
          </button>
        );
      })}
      <RowMenu
        label={`More actions for ${name}`}
        items={actions.map((action) => ({
          label: `${LABELS[action]}…`,
          onSelect: () => onAction(action),
          disabled: needsTag(action) && image.tags.length === 0,
          danger: action === 'remove',
        }))}
      />
    </div>
  );
}
