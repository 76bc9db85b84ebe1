import type { Theme } from '../../../../common/contract';

const STORAGE_KEY = 'berth.theme';
const darkQuery = () => window.matchMedia('(prefers-color-scheme: dark)');

/** Puts the theme on the page: the `dark` class drives Tailwind's `dark:` variant (see styles.css). */
export function applyTheme(theme: Theme): void {
  const dark = theme === 'dark' || (theme === 'system' && darkQuery().matches);
  document.documentElement.classList.toggle('dark', dark);
  document.documentElement.style.colorScheme = dark ? 'dark' : 'light';
  try {
    localStorage.setItem(STORAGE_KEY, theme);
  } catch {
    // Storage may be off (a private window); the setting still applies once it arrives.
  }
}

/** Before React renders: the theme last seen, so a reload does not flash the other one while settings load. */
export function applyRememberedTheme(): void {
  let remembered: string | null = null;
  try {
    remembered = localStorage.getItem(STORAGE_KEY);
  } catch {
    remembered = null;
  }
  applyTheme(remembered === 'light' || remembered === 'dark' ? remembered : 'system');
}

/** Follows the system's light/dark switch while the theme is "system"; returns the unsubscribe. */
export function followSystemTheme(theme: Theme): () => void {
  if (theme !== 'system') return () => undefined;
  const query = darkQuery();
  const onChange = () => applyTheme('system');
  query.addEventListener('change', onChange);
  return () => query.removeEventListener('change', onChange);
}
