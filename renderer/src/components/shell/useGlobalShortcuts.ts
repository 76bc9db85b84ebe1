import { useEffect } from 'react';
import { focusPageFilter } from '../../hooks/usePageFilter';
import { isMac, mouseNavigation, shortcutFor } from './keyboard';

function inTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement || (target instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit'].includes(target.type));
}

/** The app-wide keys (see `keyboard.ts`) and the mouse's back and forward buttons. */
export function useGlobalShortcuts({ pages, togglePalette }: { pages: readonly { route: string }[]; togglePalette(): void }): void {
  useEffect(() => {
    const mac = isMac();
    const onKeyDown = (event: KeyboardEvent) => {
      const command = shortcutFor({ key: event.key, ctrlKey: event.ctrlKey, metaKey: event.metaKey, altKey: event.altKey, shiftKey: event.shiftKey, inTextField: inTextField(event.target), mac });
      if (!command) return;
      if (command.kind === 'filter') {
        if (document.querySelector('dialog[open]') || !focusPageFilter()) return;
      } else if (command.kind === 'palette') togglePalette();
      else if (command.kind === 'page') {
        const page = pages[command.index];
        if (!page) return;
        location.hash = `#/${page.route}`;
      } else if (command.kind === 'back') history.back();
      else history.forward();
      event.preventDefault();
    };
    const onMouseUp = (event: MouseEvent) => {
      const direction = mouseNavigation(event.button);
      if (!direction) return;
      event.preventDefault();
      if (direction === 'back') history.back();
      else history.forward();
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('mouseup', onMouseUp);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('mouseup', onMouseUp);
    };
  }, [pages, togglePalette]);
}
