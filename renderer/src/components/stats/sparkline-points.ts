/**
 * The y of each value in a sparkline `height` pixels tall (0 at the top). With a `ceiling` (CPU: at least 10 %),
 * values are drawn from zero up to the larger of the ceiling and the highest value. Without one (memory), the
 * series is drawn between its own low and high so a change shows; a flat series sits as a line in the middle
 * instead of filling the cell from its top.
 */
export function sparklineYs(values: readonly number[], height: number, ceiling = 0): number[] {
  const inner = height - 2;
  if (ceiling > 0) {
    const top = Math.max(ceiling, ...values) || 1;
    return values.map((value) => height - 1 - (value / top) * inner);
  }
  const low = Math.min(...values);
  const high = Math.max(...values);
  if (!(high > low)) return values.map(() => height / 2);
  return values.map((value) => height - 1 - ((value - low) / (high - low)) * inner);
}
