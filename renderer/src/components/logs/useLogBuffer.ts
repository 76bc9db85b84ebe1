import { useState } from 'react';
import { api } from '../../api/client';
import { useSettings } from '../../hooks/useSettings';

/**
 * The log buffer size is one setting (Settings → Log buffer) that every viewer follows; a viewer's own Buffer
 * select changes that same setting. Until the settings arrive, the viewer's last local choice stands in.
 */
export function useLogBuffer(fallback: number): [number, (lines: number) => void] {
  const { settings } = useSettings();
  const [chosen, setChosen] = useState<number>();
  const capacity = chosen ?? settings?.preferences.logBufferLines ?? fallback;
  const choose = (lines: number) => {
    setChosen(lines);
    api.call('settings.update', { logBufferLines: lines as never }).then(
      () => setChosen(undefined),
      // Not saved (the value is checked by the settings schema): this viewer keeps it for now.
      () => undefined,
    );
  };
  return [capacity, choose];
}
