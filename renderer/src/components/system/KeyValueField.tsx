import { useId } from 'react';
import { inputClass } from '../Modal';
import { parseKeyValues } from './key-values';

/** A textarea of key=value lines with its parse error shown under it. */
export function KeyValueField({ label, value, onChange, placeholder }: { label: string; value: string; onChange(text: string): void; placeholder?: string }) {
  const id = useId();
  const { error } = parseKeyValues(value);
  return (
    <div>
      <label htmlFor={id} className="mb-1 block font-medium">
        {label} <span className="font-normal text-slate-500 dark:text-slate-400">(one key=value per line)</span>
      </label>
      <textarea id={id} rows={3} value={value} onChange={(event) => onChange(event.target.value)} placeholder={placeholder} className={`${inputClass} font-mono text-xs`} aria-invalid={Boolean(error)} />
      {error ? <p className="mt-1 text-xs text-rose-700 dark:text-rose-300">{error}</p> : null}
    </div>
  );
}
