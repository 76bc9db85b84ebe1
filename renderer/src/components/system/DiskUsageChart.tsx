import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { DiskUsage } from '../../../../common/contract';
import { formatBytes } from '../../lib/format';

export const CATEGORY_LABELS: Record<keyof DiskUsage, string> = {
  images: 'Images',
  containers: 'Containers',
  volumes: 'Volumes',
  buildCache: 'Build cache',
};

/** One bar per category: the part in use and the part that could be reclaimed. */
export function DiskUsageChart({ usage }: { usage: DiskUsage }) {
  const rows = (Object.keys(CATEGORY_LABELS) as (keyof DiskUsage)[]).map((key) => ({
    name: CATEGORY_LABELS[key],
    inUse: Math.max(0, usage[key].totalBytes - usage[key].reclaimableBytes),
    reclaimable: usage[key].reclaimableBytes,
  }));
  return (
    <figure aria-label="Disk usage chart" className="h-56 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} layout="vertical" margin={{ left: 16, right: 24, top: 8, bottom: 8 }}>
          <CartesianGrid horizontal={false} stroke="currentColor" strokeOpacity={0.12} />
          <XAxis type="number" tickFormatter={(value: number) => formatBytes(value)} stroke="currentColor" tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="name" width={100} stroke="currentColor" tick={{ fontSize: 12 }} />
          <Tooltip formatter={(value) => formatBytes(Number(value))} contentStyle={{ fontSize: 12 }} cursor={{ fillOpacity: 0.08 }} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="inUse" name="In use" stackId="size" fill="#0891b2" isAnimationActive={false} />
          <Bar dataKey="reclaimable" name="Reclaimable" stackId="size" fill="#f59e0b" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
