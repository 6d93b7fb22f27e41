import { formatDateTime, formatRelative } from '@/lib/format';
import type { SigningKeyView } from '@portcullis/sdk';
import { StatusBadge } from '@/components/ui/badge';
import { Td } from '@/components/ui/table';

const at = (iso: string | null) =>
  iso ? <span title={formatDateTime(iso)}>{formatRelative(iso)}</span> : '—';

export function SigningKeyRow({ signingKey: k }: { signingKey: SigningKeyView }) {
  return (
    <tr data-testid="signing-key-row">
      <Td>
        <code className="break-all font-mono text-xs text-slate-900">{k.kid}</code>
      </Td>
      <Td className="font-mono text-xs">{k.alg}</Td>
      <Td>
        <StatusBadge status={k.state} />
      </Td>
      <Td className="whitespace-nowrap text-slate-500">{at(k.createdAt)}</Td>
      <Td className="whitespace-nowrap text-slate-500">
        {k.state === 'next' ? (
          <span className="text-amber-700">Published, not signing yet</span>
        ) : (
          at(k.activatedAt)
        )}
      </Td>
      <Td className="whitespace-nowrap text-slate-500">
        {k.retiredAt ? (
          <>
            {at(k.retiredAt)}
            {k.publishUntil && (
              <span className="block text-xs text-slate-400">
                published until {formatDateTime(k.publishUntil)}
              </span>
            )}
          </>
        ) : (
          '—'
        )}
      </Td>
    </tr>
  );
}
