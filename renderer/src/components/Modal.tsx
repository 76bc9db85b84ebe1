import { useEffect, useRef, type FormEvent, type ReactNode } from 'react';

export interface ModalProps {
  title: string;
  children: ReactNode;
  onClose(): void;
  /** Submitting the form (Enter or the primary button) calls this. */
  onSubmit(): void;
  submitLabel: string;
  submitting?: boolean;
  /** Styles the primary button as destructive. */
  danger?: boolean;
  /** An error from the engine, shown inside the dialog so nothing typed is lost. */
  error?: string | undefined;
  wide?: boolean;
}

export const inputClass =
  'w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm outline-none focus:border-cyan-500 focus:ring-2 focus:ring-cyan-500/30 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100';
export const buttonClass =
  'inline-flex items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200 dark:hover:bg-slate-800';
export const primaryButtonClass =
  'inline-flex items-center gap-1.5 rounded-md bg-cyan-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-cyan-700 disabled:cursor-not-allowed disabled:opacity-50';
export const dangerButtonClass =
  'inline-flex items-center gap-1.5 rounded-md bg-rose-600 px-3 py-1.5 text-sm font-medium text-white shadow-sm hover:bg-rose-700 disabled:cursor-not-allowed disabled:opacity-50';

/** Enter in these does its own thing (a new line, pressing that button, opening a list). */
function ownsEnter(target: EventTarget): boolean {
  return target instanceof HTMLTextAreaElement || target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement || target instanceof HTMLSelectElement;
}

/**
 * A modal form on the native <dialog> (focus trap, Escape to close, top layer). Enter confirms from anywhere in it
 * but a button, link, list or text area, and a dialog with no field to type in starts with the focus on its primary
 * button, so Enter confirms and Esc cancels without the mouse.
 */
export function Modal({ title, children, onClose, onSubmit, submitLabel, submitting, danger, error, wide }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    if (dialog && !dialog.querySelector('input:not([type=hidden]):not([disabled]), textarea, select')) dialog.querySelector<HTMLButtonElement>('button[type=submit]')?.focus();
  }, []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!submitting) onSubmit();
  };
  return (
    <dialog
      ref={ref}
      aria-label={title}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
      className={`m-auto max-h-[90vh] w-full ${wide ? 'max-w-3xl' : 'max-w-md'} rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-950/50 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-100`}
    >
      <form
        onSubmit={submit}
        onKeyDown={(event) => {
          if (event.key !== 'Enter' || event.defaultPrevented || event.nativeEvent.isComposing || ownsEnter(event.target)) return;
          // Inputs submit on their own; this covers checkboxes, radios and the dialog's body.
          if (event.target instanceof HTMLInputElement && !['checkbox', 'radio'].includes(event.target.type)) return;
          event.preventDefault();
          event.currentTarget.requestSubmit();
        }}
        noValidate
        className="flex max-h-[90vh] flex-col"
      >
        <h2 className="border-b border-slate-200 px-5 py-3 text-base font-semibold dark:border-slate-800">{title}</h2>
        <div className="min-h-0 flex-1 space-y-4 overflow-auto px-5 py-4 text-sm">{children}</div>
        {error ? (
          <p role="alert" className="mx-5 mb-3 rounded-md border border-rose-300 bg-rose-50 p-3 text-sm break-words text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
            {error}
          </p>
        ) : null}
        <div className="flex justify-end gap-2 border-t border-slate-200 px-5 py-3 dark:border-slate-800">
          {/* A finished task (or a dialog that only shows something) ends with Close alone, not Cancel beside it. */}
          {submitLabel === 'Close' ? null : (
            <button type="button" className={buttonClass} onClick={onClose}>
              Cancel
            </button>
          )}
          <button type="submit" className={danger ? dangerButtonClass : primaryButtonClass} disabled={submitting}>
            {submitting ? `${submitLabel}…` : submitLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
