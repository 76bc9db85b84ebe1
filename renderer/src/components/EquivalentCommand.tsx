import { useState } from 'react';
import { buttonClass } from './Modal';

/**
 * The CLI line that does what a dialog is about to do (`docker run …`, `docker service create …`), with a Copy
 * button; `placeholder` says what to fill in while the form cannot be turned into a command yet.
 */
export function EquivalentCommand({ command, placeholder, testId, onCopyFailed }: { command: string | undefined; placeholder: string; testId: string; onCopyFailed(message: string): void }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    if (!command) return;
    void navigator.clipboard.writeText(command).then(
      () => {
        setCopied(true);
        setTimeout(() => setCopied(false), 1500);
      },
      () => onCopyFailed('The browser did not allow copying; select the command and copy it by hand.'),
    );
  };
  return (
    <div className="space-y-1">
      <div className="flex items-center justify-between">
        <span className="font-medium">Equivalent command</span>
        <button type="button" className={buttonClass} onClick={copy} disabled={!command}>
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
      <pre data-testid={testId} className="overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs whitespace-pre-wrap break-all text-slate-100 dark:bg-slate-950">
        {command ?? placeholder}
      </pre>
    </div>
  );
}
