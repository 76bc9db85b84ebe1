/** Least-squares slope of y over x. */
export function slope(points: { x: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
  const numerator = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
  const denominator = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * Flat means the trend over the run (slope × duration, from the second sample on, so the first minute's warm-up of
 * caches and buffers does not count) stays under 10% of the measure's mean, or under an absolute floor for small values.
 */
export function flatness(samples: { minute: number; value: number }[], floor: number): { perMinute: number; trend: number; mean: number; duration: number; flat: boolean } {
  const steady = samples.slice(1);
  const duration = steady.length > 1 ? steady.at(-1)!.minute - steady[0]!.minute : 0;
  const points = steady.map((s) => ({ x: s.minute, y: s.value }));
  const perMinute = slope(points);
  const mean = points.reduce((sum, p) => sum + p.y, 0) / Math.max(points.length, 1);
  const trend = perMinute * duration;
  return { perMinute, trend, mean, duration, flat: trend <= Math.max(0.1 * mean, floor) };
}
