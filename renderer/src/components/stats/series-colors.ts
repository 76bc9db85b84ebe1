import { SERIES_COLORS } from './palette';

/**
 * One colour per container across every chart of a page: a container keeps the colour it was first given while
 * it is shown, so its CPU band and its memory band match, whatever their ranks in each chart. A colour is reused
 * only once the container that had it has left every chart.
 */
export class SeriesColors {
  private readonly assigned = new Map<string, number>();

  /** Colours for `shown` (ids), keeping earlier assignments; ids no longer shown anywhere give their colour back. */
  colorsFor(shownEverywhere: Iterable<string>): (id: string) => string {
    const shown = new Set(shownEverywhere);
    for (const id of this.assigned.keys()) if (!shown.has(id)) this.assigned.delete(id);
    const used = new Set(this.assigned.values());
    let next = 0;
    for (const id of shown) {
      if (this.assigned.has(id)) continue;
      while (used.has(next) && used.size < SERIES_COLORS.length) next++;
      const slot = used.size < SERIES_COLORS.length ? next : this.assigned.size % SERIES_COLORS.length;
      this.assigned.set(id, slot);
      used.add(slot);
    }
    return (id) => SERIES_COLORS[this.assigned.get(id) ?? 0]!;
  }
}
