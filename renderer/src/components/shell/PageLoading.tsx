/** Shown for the moment a page's code is still loading (pages are split so the shell paints first). */
export function PageLoading() {
  return (
    <p role="status" className="px-6 py-8 text-sm text-slate-500 dark:text-slate-400">
      Loading the page…
    </p>
  );
}
