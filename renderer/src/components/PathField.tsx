import { useState, type InputHTMLAttributes } from 'react';
import type { PickPathInput } from '../../../common/contract/host';
import { api } from '../api/client';
import { useHostInfo } from '../hooks/useHostInfo';
import { buttonClass, inputClass } from './Modal';

export interface PathFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> {
  value: string;
  onChange(value: string): void;
  /** What the Browse… button opens: a file, a folder, or a save-as dialog (with its title and file types). */
  pick: Omit<PickPathInput, 'defaultPath'>;
  /** Classes for the input (default: the dialogs' input with a monospace font). */
  inputClassName?: string;
}

/**
 * A path typed by hand, and in the desktop app also chosen with the native picker ("Browse…"). Browser mode has no
 * pickers, so it shows the input alone.
 */
export function PathField({ value, onChange, pick, inputClassName = `${inputClass} font-mono`, disabled, ...inputProps }: PathFieldProps) {
  const host = useHostInfo();
  const [picking, setPicking] = useState(false);
  const [problem, setProblem] = useState<string>();
  const browse = () => {
    setPicking(true);
    setProblem(undefined);
    api
      .call('dialog.pickPath', { ...pick, ...(value.trim() ? { defaultPath: value.trim() } : {}) })
      .then((result) => {
        if (result.status === 'picked') onChange(result.path);
        else if (result.status === 'unavailable') setProblem(result.reason);
      })
      .catch((error: unknown) => setProblem(error instanceof Error ? error.message : String(error)))
      .finally(() => setPicking(false));
  };
  return (
    // data-pickers tells (tests, styles) whether the host answered and what it offered.
    <div data-pickers={host ? (host.pickers ? 'native' : 'none') : 'unknown'}>
      <div className="flex gap-2">
        <input {...inputProps} disabled={disabled} value={value} onChange={(event) => onChange(event.target.value)} className={inputClassName} spellCheck={false} />
        {host?.pickers ? (
          <button type="button" className={`${buttonClass} shrink-0`} onClick={browse} disabled={disabled || picking} aria-label={`Browse for ${inputProps['aria-label'] ?? pick.title ?? 'a path'}`}>
            Browse…
          </button>
        ) : null}
      </div>
      {problem ? <p className="mt-1 text-xs text-rose-700 dark:text-rose-300">{problem}</p> : null}
    </div>
  );
}
