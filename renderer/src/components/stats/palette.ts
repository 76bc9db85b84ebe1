/** Mid-tone series colours that read on both the light and the dark background. */
export const SERIES_COLORS = ['#06b6d4', '#8b5cf6', '#f59e0b', '#10b981', '#f43f5e', '#3b82f6', '#d946ef', '#84cc16'] as const;
/** The "everything else" band of stacked charts. */
export const OTHERS_COLOR = '#94a3b8';

export function seriesColor(index: number): string {
  return SERIES_COLORS[index % SERIES_COLORS.length]!;
}
