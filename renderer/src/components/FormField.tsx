import type { ReactNode } from 'react';

export interface FormFieldProps {
  /** The id of the control inside, which the label names. */
  id: string;
  label: ReactNode;
  /** A quiet remark in the label, shown in parentheses: "optional", "one key=value per line". */
  aside?: ReactNode;
  /** A line of help under the control. */
  note?: ReactNode;
  /** What is wrong with the value; give the control `formControlProps(id, error)` so it points at it. */
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
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}

/** What is wrong with a control's value, under it; for controls labelled without a FormField (such as table-like rows). */
export function FieldError({ id, message }: { id?: string; message: string | undefined }) {
  return message ? (
    <p id={id} className="mt-1 text-xs text-rose-700 dark:text-rose-300">
      {message}
    </p>
  ) : null;
}

/** A FormField's control: its id, and while the value is wrong, invalid and described by the field's error. */
export function formControlProps(id: string, error: string | undefined) {
  return { id, 'aria-invalid': Boolean(error), 'aria-describedby': error ? `${id}-error` : undefined };
}
