import { useId } from 'react';
import { inputClass } from '../Modal';
import { parseKeyValues } from './key-values';
import { FormField, formControlProps } from '../FormField';

/** A textarea of key=value lines with its parse error shown under it. */
export function KeyValueField({ label, value, onChange, placeholder }: { label: string; value: string; onChange(text: string): void; placeholder?: string }) {
  const id = useId();
  const { error } = parseKeyValues(value);
  return (
    <FormField id={id} label={label} aside="one key=value per line" error={error}>
      <textarea
        {...formControlProps(id, error)}
        rows={3}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        placeholder={placeholder}
        className={`${inputClass} font-mono text-xs`}
      />
    </FormField>
  );
}
