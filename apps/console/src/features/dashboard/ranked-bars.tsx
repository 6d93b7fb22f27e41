import Link from 'next/link';
import { EmptyState } from '@/components/ui/empty-state';

export interface RankedItem {
  key: string;
  label: React.ReactNode;
  /** The full text when the label may be cut. */
  title?: string;
  count: number;
  href: string;
}

/** A ranked list with proportional bars, each row linking into the audit trail. */
export function RankedBars({
  items,
  label,
  tone,
  empty,
}: {
  items: RankedItem[];
  label: string;
  tone: 'red' | 'indigo';
  empty: string;
}) {
  if (items.length === 0) return <EmptyState title={empty} />;
  const max = Math.max(...items.map((i) => i.count), 1);
  return (
    <ul aria-label={label} className="divide-y divide-slate-100">
      {items.map((item) => (
        <li key={item.key}>
          <Link href={item.href} className="group block px-5 py-2.5 hover:bg-slate-50">
            <div className="flex items-baseline justify-between gap-3 text-sm">
              <span
                className="min-w-0 truncate text-slate-700 group-hover:text-indigo-700"
                title={item.title}
              >
                {item.label}
              </span>
              <span className="shrink-0 font-semibold tabular-nums text-slate-900">{item.count}</span>
            </div>
            <div className="mt-1.5 h-1.5 rounded-full bg-slate-100">
              <div
                className={
                  tone === 'red' ? 'h-1.5 rounded-full bg-red-400' : 'h-1.5 rounded-full bg-indigo-400'
                }
                style={{ width: `${Math.max(2, (item.count / max) * 100)}%` }}
              />
            </div>
          </Link>
        </li>
      ))}
    </ul>
  );
}
