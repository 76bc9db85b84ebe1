const ICONS = {
  start: 'M7 4v16l13-8z',
  stop: 'M6 6h12v12H6z',
  restart: 'M3 12a9 9 0 1 0 3-6.7M3 4v5h5',
  remove: 'M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3',
  edit: 'M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4',
  duplicate: 'M8 8h12v12H8zM4 16V4h12',
} as const;

export type IconName = keyof typeof ICONS;

/** A compact action button: an icon with the action's name for screen readers and as a tooltip. */
export function IconButton({ icon, label, onClick, disabled, danger }: { icon: IconName; label: string; onClick(): void; disabled?: boolean; danger?: boolean }) {
  return (
    <button
      type="button"
      aria-label={label}
      title={label}
      disabled={disabled}
      onClick={onClick}
      className={`rounded p-1.5 text-slate-500 hover:bg-slate-200 disabled:cursor-not-allowed disabled:opacity-40 dark:text-slate-400 dark:hover:bg-slate-800 ${
        danger ? 'hover:text-rose-700 dark:hover:text-rose-300' : 'hover:text-slate-900 dark:hover:text-white'
      }`}
    >
      <svg viewBox="0 0 24 24" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
        <path d={ICONS[icon]} />
      </svg>
    </button>
  );
}
