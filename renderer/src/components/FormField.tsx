import type { ReactNode } from 'react';

export interface FormFieldProps {
  /** The id of the control inside, which the label names. */
  id: string;
  label: ReactNode;
  /** A quiet remark in the label, shown in parentheses: "optional", "one key=value per line". */
  aside?: ReactNode;
  /** A line of help under the control. */
  note?: ReactNode;
  /** What is wrong with the value; the control should point at it with `aria-describedby={`${id}-error`}`. */
  error?: string | undefined;
  children: ReactNode;
}

/** One labelled control of a dialog, so every form reads and looks the same. */
export function FormField({ id, label, aside, note, error, children }: FormFieldProps) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block font-medium">
        {label}
        {aside ? <span className="font-normal text-slate-500 dark:text-slate-400"> ({aside})</span> : null}
      </label>
      {children}
      {note ? <p className="mt-1 text-xs text-slate-500 dark:text-slate-400">{note}</p> : null}
      {error ? (
        <p id={`${id}-error`} className="mt-1 text-xs text-rose-700 dark:text-rose-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}
