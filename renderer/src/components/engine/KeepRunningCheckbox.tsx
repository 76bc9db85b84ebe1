import { useEffect, useState } from 'react';

export interface KeepRunningCheckboxProps {
  /** The saved choice. */
  saved: boolean;
  label: string;
  busy: boolean;
  /** Saves the choice; resolves whether it was saved. */
  save(wanted: boolean): Promise<boolean>;
}

/** "Keep … running when Berth quits" for the managed engine and the VM: shown at once when clicked, put back if saving fails. */
export function KeepRunningCheckbox({ saved, label, busy, save }: KeepRunningCheckboxProps) {
  const [shown, setShown] = useState(saved);
  useEffect(() => setShown(saved), [saved]);
  return (
    <label className="mt-4 flex items-center gap-2 text-sm">
      <input
        type="checkbox"
        checked={shown}
        disabled={busy}
        onChange={(event) => {
          const wanted = event.target.checked;
          setShown(wanted);
          void save(wanted).then((ok) => {
            if (!ok) setShown(!wanted);
          });
        }}
        className="size-4 accent-cyan-600"
      />
      {label}
    </label>
  );
}
