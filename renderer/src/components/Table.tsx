import type { ReactNode } from 'react';

export interface Column<T> {
  header: string;
  cell(row: T): ReactNode;
  className?: string;
}

/** The plain resource table used by list pages. */
export function Table<T>({ columns, rows, rowKey, label }: { columns: Column<T>[]; rows: T[]; rowKey(row: T): string; label: string }) {
  return (
    <div className="overflow-x-auto">
      <table aria-label={label} className="w-full border-collapse text-left text-sm">
        <thead className="sticky top-0 bg-slate-50/95 text-xs uppercase tracking-wide text-slate-500 backdrop-blur dark:bg-slate-950/95 dark:text-slate-400">
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col" className={`border-b border-slate-200 px-6 py-2 font-medium dark:border-slate-800 ${column.className ?? ''}`}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className="border-b border-slate-100 hover:bg-slate-100/70 dark:border-slate-900 dark:hover:bg-slate-900/70">
              {columns.map((column) => (
                <td key={column.header} className={`px-6 py-2 align-top ${column.className ?? ''}`}>
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
