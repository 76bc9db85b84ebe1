import { useEffect } from 'react';
import { useSettings } from '../../hooks/useSettings';
import { applyTheme, followSystemTheme } from './theme';

/** Applies the theme setting app-wide, now and whenever it (or, for "system", the system's) changes. */
export function useThemeSetting(): void {
  const theme = useSettings().settings?.preferences.theme;
  useEffect(() => {
    if (!theme) return;
    applyTheme(theme);
    return followSystemTheme(theme);
  }, [theme]);
}
