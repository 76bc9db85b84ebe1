import { isMac, keyLabel, SHORTCUTS } from './keyboard';

/** The keyboard shortcuts, as the Help menu's page and the palette show them. */
export function ShortcutsList() {
  const mac = isMac();
  return (
    <table className="w-full max-w-2xl text-left text-sm" aria-label="Keyboard shortcuts">
      <tbody>
        {SHORTCUTS.map((shortcut) => (
          <tr key={shortcut.description} className="border-b border-slate-100 last:border-0 dark:border-slate-800">
            <td className="py-2 pr-6 whitespace-nowrap">
              {shortcut.keys.map((key, index) => (
                <span key={key}>
                  {index > 0 ? <span className="px-1 text-slate-400">+</span> : null}
                  <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 py-0.5 font-mono text-xs shadow-sm dark:border-slate-600 dark:bg-slate-800">{keyLabel(key, mac)}</kbd>
                </span>
              ))}
            </td>
            <td className="py-2 text-slate-700 dark:text-slate-300">{shortcut.description}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
