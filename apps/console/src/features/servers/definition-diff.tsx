import { useMemo } from 'react';
import { countChanges, sideBySide, type Cell } from '@/lib/json-diff';
import type { ToolDefinition } from '@portcullis/sdk';
import { cx } from '@/components/ui/cx';

const SIDE = {
  removed: { row: 'bg-red-50', mark: 'bg-red-200 text-red-950', gutter: 'text-red-400', sign: '−' },
  added: {
    row: 'bg-emerald-50',
    mark: 'bg-emerald-200 text-emerald-950',
    gutter: 'text-emerald-500',
    sign: '+',
  },
  same: { row: '', mark: '', gutter: 'text-slate-300', sign: ' ' },
};

function Half({ cell, right }: { cell: Cell | null; right?: boolean }) {
  if (!cell) return <td colSpan={2} className={cx(right && 'border-l border-slate-200', 'bg-slate-50')} />;
  const style = SIDE[cell.kind];
  return (
    <>
      <td
        className={cx(
          'w-10 select-none px-2 text-right align-top',
          right && 'border-l border-slate-200',
          style.row,
          style.gutter,
        )}
      >
        {cell.line}
      </td>
      <td className={cx('whitespace-pre-wrap break-all px-2 align-top', style.row)} data-kind={cell.kind}>
        <span className={cx('mr-1 select-none', style.gutter)}>{style.sign}</span>
        {cell.segments.map((s, i) =>
          s.changed && cell.kind !== 'same' ? (
            <mark key={i} className={cx('rounded-sm', style.mark)}>
              {s.text}
            </mark>
          ) : (
            <span key={i}>{s.text}</span>
          ),
        )}
      </td>
    </>
  );
}

/** The approved definition on the left, what the upstream lists now on the right. */
export function DefinitionDiff({
  approved,
  current,
  toolName,
}: {
  approved: ToolDefinition;
  current: ToolDefinition;
  toolName: string;
}) {
  const rows = useMemo(() => sideBySide(approved, current), [approved, current]);
  const { removed, added } = countChanges(rows);
  return (
    <div>
      <p className="mb-2 text-xs text-slate-500">
        {removed + added === 0
          ? 'No visible difference.'
          : `${removed} line${removed === 1 ? '' : 's'} removed, ${added} line${added === 1 ? '' : 's'} added.`}
      </p>
      <div className="max-h-[28rem] overflow-auto rounded-md ring-1 ring-slate-200">
        <table
          aria-label={`Changes to ${toolName}`}
          className="w-full table-fixed border-collapse font-mono text-xs leading-5 text-slate-800"
        >
          <colgroup>
            <col className="w-10" />
            <col />
            <col className="w-10" />
            <col />
          </colgroup>
          <thead className="sticky top-0 bg-slate-100 font-sans text-xs font-semibold text-slate-600">
            <tr>
              <th colSpan={2} scope="col" className="border-b border-slate-200 px-3 py-1.5 text-left">
                Approved
              </th>
              <th
                colSpan={2}
                scope="col"
                className="border-b border-l border-slate-200 px-3 py-1.5 text-left"
              >
                Now listed by the upstream
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                <Half cell={r.left} />
                <Half cell={r.right} right />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
