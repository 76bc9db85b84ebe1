import type { ReactNode } from 'react';
import { opensRow } from '../lib/row-click';

export interface Column<T> {
  header: string;
  cell(row: T): ReactNode;
  className?: string;
  /** A less important column: hidden while the list is narrower than 60rem, so the list fits without scrolling sideways. */
  folds?: boolean;
}

/** Written out whole so Tailwind sees the class; the list is its own size container (`@container`). */
const FOLDS = '@max-[60rem]:hidden';

/**
 * The plain resource table used by list pages. It folds its less important columns by its own width; with
 * `onRowClick`, a click anywhere on a row but its controls opens the row (its name stays a link for the keyboard).
 */
export function Table<T>({ columns, rows, rowKey, label, onRowClick }: { columns: Column<T>[]; rows: T[]; rowKey(row: T): string; label: string; onRowClick?(row: T): void }) {
  return (
    <div className="@container overflow-x-auto">
      <table aria-label={label} className="w-full border-collapse text-left text-sm">
        <thead className="sticky top-0 bg-slate-50/95 text-xs uppercase tracking-wide text-slate-500 backdrop-blur dark:bg-slate-950/95 dark:text-slate-400">
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={`border-b border-slate-200 px-6 py-2 font-medium dark:border-slate-800 ${column.className ?? ''} ${column.folds ? FOLDS : ''}`}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={rowKey(row)}
              onClick={onRowClick ? (event) => opensRow(event.target, window.getSelection()?.toString() ?? '') && onRowClick(row) : undefined}
              className={`border-b border-slate-100 hover:bg-slate-100/70 dark:border-slate-900 dark:hover:bg-slate-900/70 ${onRowClick ? 'cursor-pointer' : ''}`}
            >
              {columns.map((column) => (
                <td key={column.header} className={`px-6 py-2 align-top ${column.className ?? ''} ${column.folds ? FOLDS : ''}`}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
