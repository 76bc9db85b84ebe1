import type { ReactNode } from 'react';
import { PAGE_FILTER } from '../../hooks/usePageFilter';
import { inputClass } from '../Modal';
import { inlineSelectClass } from './compact';

/** The row above a list: search box, filters and sort controls. */
export function Toolbar({ children }: { children: ReactNode }) {
  return <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-6 py-3 text-sm dark:border-slate-800">{children}</div>;
}

export function SearchBox({ value, onChange, label }: { value: string; onChange(text: string): void; label: string }) {
  return (
    <input type="search" {...PAGE_FILTER} aria-label={label} placeholder={`${label}…`} value={value} onChange={(event) => onChange(event.target.value)} className={`${inputClass} max-w-72`} />
  );
}

export function SortSelect<K extends string>({ value, options, onChange }: { value: K; options: Record<K, string>; onChange(key: K): void }) {
  return (
    <label className="flex items-center gap-2 whitespace-nowrap text-slate-600 dark:text-slate-300">
      Sort by
      <select value={value} onChange={(event) => onChange(event.target.value as K)} className={inlineSelectClass}>
        {(Object.entries(options) as [K, string][]).map(([key, label]) => (
          <option key={key} value={key}>
            {label}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Checkbox({ checked, onChange, children }: { checked: boolean; onChange(checked: boolean): void; children: ReactNode }) {
  return (
    <label className="flex items-center gap-2 text-slate-700 dark:text-slate-200">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} className="h-4 w-4 accent-cyan-600" />
      {children}
    </label>
  );
}

/** A row of tabs that are links, so each tab has its own address. */
export function LinkTabs({ tabs, active, label }: { tabs: { id: string; label: string; href: string }[]; active: string; label: string }) {
  return (
    <nav aria-label={label} className="flex gap-1 border-b border-slate-200 px-6 dark:border-slate-800">
      {tabs.map((tab) => (
        <a
          key={tab.id}
          href={tab.href}
          aria-current={tab.id === active ? 'page' : undefined}
          className={`-mb-px border-b-2 px-3 py-2 text-sm ${tab.id === active ? 'border-cyan-600 font-medium text-cyan-700 dark:text-cyan-300' : 'border-transparent text-slate-600 hover:text-slate-900 dark:text-slate-400 dark:hover:text-white'}`}
        >
          {tab.label}
        </a>
      ))}
    </nav>
  );
}

export function Notice({ tone, children }: { tone: 'error' | 'success' | 'info'; children: ReactNode }) {
  const styles = {
    error: 'border-rose-300 bg-rose-50 text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100',
    success: 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100',
    info: 'border-slate-300 bg-white text-slate-800 dark:border-slate-700 dark:bg-slate-900 dark:text-slate-200',
  };
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`mx-6 mt-4 rounded-md border p-3 text-sm break-words ${styles[tone]}`}>
      {children}
    </div>
  );
}
