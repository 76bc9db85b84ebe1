import type { ReactNode } from 'react';

/** One titled group of settings. */
export function SettingsSection({ title, children, aside }: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section aria-label={title} className="rounded-lg border border-slate-200 bg-white p-5 dark:border-slate-800 dark:bg-slate-900">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-sm font-semibold">{title}</h2>
        {aside ? <span className="text-xs text-slate-500 dark:text-slate-400">{aside}</span> : null}
      </div>
      <div className="space-y-3 text-sm">{children}</div>
    </section>
  );
}

/** A switch with what it does underneath; `unavailable` disables it and says why. */
export function ToggleSetting({
  label,
  description,
  checked,
  onChange,
  unavailable,
}: {
  label: string;
  description?: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
  unavailable?: string;
}) {
  return (
    <label className={`flex items-start gap-3 ${unavailable ? 'opacity-60' : ''}`}>
      <input type="checkbox" className="mt-0.5 h-4 w-4 accent-cyan-600" checked={checked} disabled={Boolean(unavailable)} onChange={(event) => onChange(event.target.checked)} />
      <span>
        <span className="font-medium">{label}</span>
        {unavailable ? <span className="ml-2 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600 dark:bg-slate-800 dark:text-slate-300">{unavailable}</span> : null}
        {description ? <span className="block text-slate-500 dark:text-slate-400">{description}</span> : null}
      </span>
    </label>
  );
}

/** A small set of exclusive choices shown side by side (the theme). */
export function ChoiceSetting<T extends string>({ label, value, options, onChange }: { label: string; value: T; options: { value: T; label: string }[]; onChange(value: T): void }) {
  return (
    <div role="radiogroup" aria-label={label} className="inline-flex rounded-md border border-slate-300 p-0.5 dark:border-slate-700">
      {options.map((option) => (
        <label
          key={option.value}
          className={`cursor-pointer rounded px-3 py-1 text-sm has-focus-visible:ring-2 has-focus-visible:ring-cyan-500 ${value === option.value ? 'bg-cyan-600 text-white' : 'text-slate-700 hover:bg-slate-100 dark:text-slate-200 dark:hover:bg-slate-800'}`}
        >
          <input type="radio" className="sr-only" name={label} value={option.value} checked={value === option.value} onChange={() => onChange(option.value)} />
          {option.label}
        </label>
      ))}
    </div>
  );
}

/** A labelled select over a fixed list of numbers (log buffer, stats interval), each shown by `format`. */
export function SelectSetting<T extends number>({
  id,
  label,
  description,
  value,
  options,
  format,
  onChange,
}: {
  id: string;
  label: string;
  description?: string;
  value: T;
  options: readonly T[];
  format(value: T): string;
  onChange(value: T): void;
}) {
  return (
    <div className="flex flex-wrap items-center justify-between gap-3">
      <label htmlFor={id}>
        <span className="font-medium">{label}</span>
        {description ? <span className="block text-slate-500 dark:text-slate-400">{description}</span> : null}
      </label>
      <select
        id={id}
        value={value}
        onChange={(event) => onChange(Number(event.target.value) as T)}
        className="rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm dark:border-slate-700 dark:bg-slate-900"
      >
        {options.map((option) => (
          <option key={option} value={option}>
            {format(option)}
          </option>
        ))}
      </select>
    </div>
  );
}
