export const WINDOW_CHOICES = [
  { label: '1 min', ms: 60_000 },
  { label: '5 min', ms: 300_000 },
  { label: '10 min', ms: 600_000 },
] as const;

/** The time span the charts show. */
export function WindowPicker({ value, onChange }: { value: number; onChange(ms: number): void }) {
  return (
    <div role="radiogroup" aria-label="Time window" className="inline-flex rounded-md border border-slate-300 p-0.5 text-sm dark:border-slate-700">
      {WINDOW_CHOICES.map((choice) => {
        const selected = choice.ms === value;
        return (
          <button
            key={choice.ms}
            type="button"
            role="radio"
            aria-checked={selected}
            onClick={() => onChange(choice.ms)}
            className={`rounded px-2.5 py-1 ${
              selected
                ? 'bg-cyan-600 font-medium text-white dark:bg-cyan-500 dark:text-slate-950'
                : 'text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800'
            }`}
          >
            {choice.label}
          </button>
        );
      })}
    </div>
  );
}
