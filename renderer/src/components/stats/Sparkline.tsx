import { sparklineYs } from './sparkline-points';

/**
 * A tiny trend line for table cells. Plain SVG on purpose: dozens of rows each redraw every sample, and a
 * polyline costs far less than a charting library's layout pass.
 */
export function Sparkline({ values, ceiling = 0, color, label }: { values: readonly number[]; ceiling?: number; color: string; label: string }) {
  const width = 48;
  const height = 18;
  if (values.length < 2) return <svg width={width} height={height} aria-hidden="true" />;
  const step = width / (values.length - 1);
  const points = sparklineYs(values, height, ceiling)
    .map((y, index) => `${(index * step).toFixed(1)},${y.toFixed(1)}`)
    .join(' ');
  return (
    <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label} className="shrink-0">
      {/* The area under the line means "from zero" only against a ceiling; a self-scaled series is a line alone. */}
      {ceiling > 0 ? <polyline points={`0,${height} ${points} ${width},${height}`} fill={color} fillOpacity={0.15} stroke="none" /> : null}
      <polyline points={points} fill="none" stroke={color} strokeWidth={1.25} strokeLinejoin="round" />
    </svg>
  );
}
