/** Sorts a copy of `rows` by the accessor for `key`: strings alphabetically, numbers largest first. */
export function sortRows<T, K extends string>(rows: readonly T[], key: K, accessors: Record<K, (row: T) => string | number>): T[] {
  const read = accessors[key];
  return [...rows].sort((a, b) => {
    const x = read(a);
    const y = read(b);
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    return String(x).localeCompare(String(y));
  });
}

/** Case-insensitive match of a search text against any of the given fields. */
export function matchesSearch(search: string, fields: (string | undefined)[]): boolean {
  const needle = search.trim().toLowerCase();
  if (!needle) return true;
  return fields.some((field) => field?.toLowerCase().includes(needle));
}
