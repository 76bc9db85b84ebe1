/**
 * "1 image", "3 images", "1 key", "0 keys": a count with its noun in agreement. `many` is for nouns whose plural is
 * not the noun plus "s" ("1 entry", "2 entries").
 */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}

/** A list header's count: "4 containers" with nothing filtered out, "1 of 4 containers" while a filter hides some. */
export function shownOf(shown: number, total: number, one: string, many = `${one}s`): string {
  return shown === total ? plural(total, one, many) : `${shown.toLocaleString('en')} of ${plural(total, one, many)}`;
}
