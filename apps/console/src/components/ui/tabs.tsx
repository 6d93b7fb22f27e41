'use client';
import { useId, useState } from 'react';
import { cx } from './cx';

export interface TabItem {
  id: string;
  label: string;
  content: React.ReactNode;
}

/** A row of tabs over panels; only the selected panel is rendered. */
export function Tabs({ items, label }: { items: TabItem[]; label: string }) {
  const base = useId();
  const [selected, setSelected] = useState(items[0]?.id);
  const current = items.find((i) => i.id === selected) ?? items[0];
  return (
    <div>
      <div role="tablist" aria-label={label} className="flex gap-1 border-b border-slate-200">
        {items.map((item) => (
          <button
            key={item.id}
            type="button"
            role="tab"
            id={`${base}-${item.id}-tab`}
            aria-selected={item.id === current?.id}
            aria-controls={`${base}-${item.id}-panel`}
            onClick={() => setSelected(item.id)}
            className={cx(
              '-mb-px border-b-2 px-3 py-2 text-sm font-medium transition-colors',
              item.id === current?.id
                ? 'border-indigo-600 text-indigo-700'
                : 'border-transparent text-slate-500 hover:text-slate-800',
            )}
          >
            {item.label}
          </button>
        ))}
      </div>
      {current && (
        <div
          role="tabpanel"
          id={`${base}-${current.id}-panel`}
          aria-labelledby={`${base}-${current.id}-tab`}
          className="pt-4"
        >
          {current.content}
        </div>
      )}
    </div>
  );
}
