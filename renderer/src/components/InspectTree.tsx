import { useEffect, useRef, useState } from 'react';
import { buttonClass, inputClass } from './Modal';
import { JsonTree } from './containers/JsonTree';

const FOLDED = 1;
const UNFOLDED = 99;

/**
 * An engine object's inspect document as a collapsible tree with search: the nodes holding a match open, the count
 * is shown, Enter (or the arrows) moves to the next match and scrolls it into view, and "No matches" is said. One
 * view for containers, images, volumes and networks.
 */
export function InspectTree({ data, label = 'Search the inspect data' }: { data: Record<string, unknown>; label?: string }) {
  const [query, setQuery] = useState('');
  const [depth, setDepth] = useState({ value: FOLDED, generation: 0 });
  const [copyState, setCopyState] = useState<string>();
  const [matches, setMatches] = useState(0);
  const [current, setCurrent] = useState(0);
  const treeRef = useRef<HTMLDivElement>(null);
  const trimmed = query.trim();

  // The highlighted matches are the tree's <mark>s: every node holding one is open, so all of them are rendered.
  useEffect(() => {
    const marks = [...(treeRef.current?.querySelectorAll('mark') ?? [])];
    setMatches(marks.length);
    const index = marks.length ? current % marks.length : 0;
    marks.forEach((mark, i) => mark.toggleAttribute('data-current', i === index));
    marks[index]?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  });

  const step = (by: number) => setCurrent((n) => (matches ? (n + by + matches) % matches : 0));
  const copy = () =>
    void navigator.clipboard.writeText(JSON.stringify(data, null, 2)).then(
      () => setCopyState('Copied'),
      () => setCopyState('Copying was not allowed'),
    );

  return (
    <div>
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <input
          type="search"
          aria-label={label}
          placeholder="Search keys and values"
          className={`${inputClass} max-w-xs`}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setCurrent(0);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              // Enter moves to the next match; it must not confirm a dialog this tree sits in.
              e.preventDefault();
              e.stopPropagation();
              step(e.shiftKey ? -1 : 1);
            }
          }}
        />
        {trimmed ? (
          <span role="status" className="text-sm text-slate-500 dark:text-slate-400" data-testid="inspect-matches">
            {matches ? `${(current % matches) + 1} of ${matches}` : 'No matches'}
          </span>
        ) : null}
        {trimmed && matches > 1 ? (
          <>
            <button type="button" className={buttonClass} aria-label="Previous match" onClick={() => step(-1)}>
              ↑
            </button>
            <button type="button" className={buttonClass} aria-label="Next match" onClick={() => step(1)}>
              ↓
            </button>
          </>
        ) : null}
        <button type="button" className={buttonClass} onClick={() => setDepth((d) => ({ value: UNFOLDED, generation: d.generation + 1 }))}>
          Expand all
        </button>
        <button type="button" className={buttonClass} onClick={() => setDepth((d) => ({ value: FOLDED, generation: d.generation + 1 }))}>
          Collapse all
        </button>
        <button type="button" className={buttonClass} onClick={copy} onBlur={() => setCopyState(undefined)}>
          {copyState ?? 'Copy JSON'}
        </button>
      </div>
      <div ref={treeRef} className="overflow-auto rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-800 dark:bg-slate-900 [&_mark[data-current]]:ring-2 [&_mark[data-current]]:ring-amber-600">
        <JsonTree key={depth.generation} value={data} query={trimmed} defaultDepth={depth.value} />
      </div>
    </div>
  );
}
