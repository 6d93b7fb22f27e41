'use client';
import { useState } from 'react';

/** true: everything; a list: only these; false: nothing (the API's shape for resources and prompts). */
export type AccessList = boolean | string[];

const modeOf = (v: AccessList) => (v === true ? 'all' : v === false ? 'none' : 'some');

/**
 * None, all, or only the listed entries (one per line): resource URI patterns or prompt names.
 * The list is kept while the admin switches modes, so "all" and back does not lose it.
 */
export function AccessListField({
  value,
  onChange,
  label,
  placeholder,
  hint,
  disabled,
}: {
  value: AccessList;
  onChange: (next: AccessList) => void;
  label: string;
  placeholder: string;
  hint: string;
  disabled?: boolean;
}) {
  const [draft, setDraft] = useState(Array.isArray(value) ? value.join('\n') : '');
  const entries = (text: string) => [
    ...new Set(
      text
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean),
    ),
  ];
  const mode = modeOf(value);
  return (
    <div className="min-w-44 space-y-1.5">
      <select
        aria-label={label}
        className="w-full rounded-md border border-slate-300 bg-white px-2 py-1 text-xs text-slate-800 disabled:bg-slate-50"
        value={mode}
        disabled={disabled}
        onChange={(e) => {
          const m = e.target.value;
          onChange(m === 'all' ? true : m === 'none' ? false : entries(draft));
        }}
      >
        <option value="none">None</option>
        <option value="all">All</option>
        <option value="some">Only these…</option>
      </select>
      {mode === 'some' && (
        <>
          <textarea
            aria-label={`${label}: list`}
            className="block w-full rounded-md border border-slate-300 px-2 py-1 font-mono text-[11px] text-slate-800"
            rows={3}
            placeholder={placeholder}
            value={draft}
            disabled={disabled}
            onChange={(e) => {
              setDraft(e.target.value);
              onChange(entries(e.target.value));
            }}
          />
          <p className="text-[11px] leading-snug text-slate-500">{hint}</p>
        </>
      )}
    </div>
  );
}
