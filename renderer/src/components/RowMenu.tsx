import { useId, useRef, type ReactNode } from 'react';

export interface RowMenuItem {
  label: string;
  /** A link (opens in the page, or in a new tab when `external`)… */
  href?: string;
  external?: boolean;
  /** …or an action. */
  onSelect?: () => void;
  danger?: boolean;
  disabled?: boolean;
}

/**
 * A row's ⋮ menu. It opens in the browser's top layer (the Popover API), so a virtualized, scrolling list cannot
 * clip it; Escape and a click elsewhere close it.
 */
export function RowMenu({ label, items, children }: { label: string; items: RowMenuItem[]; children?: ReactNode }) {
  const menuId = useId();
  const menuRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);

  const open = () => {
    const menu = menuRef.current;
    const button = buttonRef.current;
    if (!menu || !button) return;
    menu.showPopover();
    const anchor = button.getBoundingClientRect();
    const below = anchor.bottom + 4 + menu.offsetHeight <= window.innerHeight;
    menu.style.top = `${below ? anchor.bottom + 4 : Math.max(4, anchor.top - 4 - menu.offsetHeight)}px`;
    menu.style.left = `${Math.max(4, anchor.right - menu.offsetWidth)}px`;
    menu.querySelector<HTMLElement>('[role=menuitem]:not([aria-disabled=true])')?.focus();
  };
  const close = () => menuRef.current?.hidePopover();

  const onKeyDown = (event: React.KeyboardEvent) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    event.preventDefault();
    const entries = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role=menuitem]:not([aria-disabled=true])') ?? [])];
    const at = entries.indexOf(document.activeElement as HTMLElement);
    entries[(at + (event.key === 'ArrowDown' ? 1 : entries.length - 1)) % entries.length]?.focus();
  };

  const itemClass = (item: RowMenuItem) =>
    `block w-full px-3 py-1.5 text-left text-sm outline-none hover:bg-slate-100 focus:bg-slate-100 aria-disabled:cursor-not-allowed aria-disabled:opacity-40 dark:hover:bg-slate-800 dark:focus:bg-slate-800 ${
      item.danger ? 'text-rose-700 dark:text-rose-300' : 'text-slate-800 dark:text-slate-100'
    }`;

  return (
    <>
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        title={label}
        aria-haspopup="menu"
        aria-controls={menuId}
        onClick={(event) => {
          event.stopPropagation();
          open();
        }}
        className="rounded p-1.5 text-slate-500 hover:bg-slate-200 hover:text-slate-900 dark:text-slate-400 dark:hover:bg-slate-800 dark:hover:text-white"
      >
        <svg viewBox="0 0 24 24" className="h-4 w-4" fill="currentColor" aria-hidden="true">
          <circle cx="12" cy="5" r="1.8" />
          <circle cx="12" cy="12" r="1.8" />
          <circle cx="12" cy="19" r="1.8" />
        </svg>
      </button>
      <div
        ref={menuRef}
        id={menuId}
        popover="auto"
        role="menu"
        aria-label={label}
        onKeyDown={onKeyDown}
        onClick={(event) => event.stopPropagation()}
        className="fixed m-0 min-w-44 rounded-md border border-slate-200 bg-white py-1 shadow-lg dark:border-slate-700 dark:bg-slate-900"
      >
        {children}
        {items.map((item) =>
          item.href && !item.disabled ? (
            <a
              key={item.label}
              role="menuitem"
              href={item.href}
              {...(item.external ? { target: '_blank', rel: 'noreferrer' } : {})}
              onClick={close}
              className={itemClass(item)}
            >
              {item.label}
            </a>
          ) : (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              aria-disabled={item.disabled || undefined}
              onClick={() => {
                if (item.disabled) return;
                close();
                item.onSelect?.();
              }}
              className={itemClass(item)}
            >
              {item.label}
            </button>
          ),
        )}
      </div>
    </>
  );
}
