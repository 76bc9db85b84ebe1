import type { ReactNode } from 'react';

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center px-6 py-16 text-center">
      <p className="text-base font-medium">{title}</p>
      {children ? <div className="mt-2 max-w-md text-sm text-slate-500 dark:text-slate-400">{children}</div> : null}
    </div>
  );
}
