import { PageHeader } from '../components/PageHeader';
import { buttonClass, primaryButtonClass } from '../components/Modal';

/** An address Berth has no page for (typed, or a link from an older version): say so, and offer the ways back. */
export function NotFoundPage({ route }: { route: string }) {
  return (
    <>
      <PageHeader title="Page not found" />
      <section className="max-w-xl space-y-4 px-6 py-8 text-sm">
        <p>
          Berth has no page at <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-xs dark:bg-slate-800">#/{route}</code>.
        </p>
        <p className="text-slate-500 dark:text-slate-400">The address may be mistyped, or the page may have moved. Press Ctrl+K to search for what you were looking for.</p>
        <div className="flex gap-2">
          <button type="button" className={buttonClass} onClick={() => history.back()}>
            Go back
          </button>
          <a href="#/dashboard" className={primaryButtonClass}>
            Open the dashboard
          </a>
        </div>
      </section>
    </>
  );
}
