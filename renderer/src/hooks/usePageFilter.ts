/**
 * The contract between pages and the `/` shortcut: a page marks its main filter box with this attribute
 * (`<input {...PAGE_FILTER} />`); the shortcut focuses the one on screen. A page without one keeps `/` as typed.
 */
export const PAGE_FILTER = { 'data-page-filter': '' } as const;

/** Focuses and selects the current page's filter; false when the page has none. */
export function focusPageFilter(root: ParentNode = document): boolean {
  const input = root.querySelector<HTMLInputElement>('main [data-page-filter]') ?? root.querySelector<HTMLInputElement>('main input[type="search"]');
  if (!input) return false;
  input.focus();
  input.select();
  return true;
}
