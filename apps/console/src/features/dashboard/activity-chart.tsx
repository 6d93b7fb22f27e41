'use client';
import { useRouter } from 'next/navigation';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { auditHref } from '@/lib/audit-query';
import { bucketLabel, type SeriesPoint } from '@/lib/stats-series';

const SERIES = [
  { key: 'calls', name: 'Gateway calls', color: '#6366f1' },
  { key: 'denied', name: 'Denied', color: '#f87171' },
  { key: 'tokens', name: 'Tokens issued', color: '#38bdf8' },
] as const;

/** Calls, refusals and tokens per bucket; a click on a bucket opens its events in the explorer. */
export function ActivityChart({ points }: { points: SeriesPoint[] }) {
  const router = useRouter();
  const data = points.map((p) => ({ ...p, label: bucketLabel(p) }));
  const total = points.reduce((n, p) => n + p.calls + p.tokens, 0);
  return (
    <div data-testid="activity-chart">
      <p className="sr-only">
        {total === 0
          ? 'No activity in this period.'
          : `Activity per ${points.length > 1 && Date.parse(points[0]!.end) - Date.parse(points[0]!.bucket) > 3600_000 ? 'day' : 'hour'}: ${points.reduce((n, p) => n + p.calls, 0)} gateway calls.`}
      </p>
      <div className="h-64" aria-hidden="true">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={data}
            margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
            barGap={1}
            className="cursor-pointer"
            onClick={(state) => {
              const i =
                typeof state.activeTooltipIndex === 'number'
                  ? state.activeTooltipIndex
                  : Number(state.activeTooltipIndex);
              const p = Number.isInteger(i) ? points[i] : undefined;
              if (p) router.push(auditHref({ from: p.bucket, to: p.end }));
            }}
          >
            <CartesianGrid vertical={false} stroke="#e2e8f0" strokeDasharray="3 3" />
            <XAxis
              dataKey="label"
              tickLine={false}
              axisLine={{ stroke: '#cbd5e1' }}
              tick={{ fontSize: 11, fill: '#64748b' }}
              minTickGap={16}
            />
            <YAxis
              allowDecimals={false}
              tickLine={false}
              axisLine={false}
              tick={{ fontSize: 11, fill: '#64748b' }}
            />
            <Tooltip
              cursor={{ fill: '#eef2ff' }}
              contentStyle={{ fontSize: 12, borderRadius: 6, borderColor: '#e2e8f0' }}
              labelFormatter={(_, payload) => {
                const p = payload?.[0]?.payload as SeriesPoint | undefined;
                return p
                  ? new Date(p.bucket).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' })
                  : '';
              }}
            />
            <Legend iconType="circle" iconSize={8} wrapperStyle={{ fontSize: 12 }} itemSorter={null} />
            {SERIES.map((s) => (
              <Bar
                key={s.key}
                dataKey={s.key}
                name={s.name}
                fill={s.color}
                radius={[2, 2, 0, 0]}
                maxBarSize={18}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
