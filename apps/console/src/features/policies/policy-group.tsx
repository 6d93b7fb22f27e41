import type { PolicyKind, PolicyView } from '@portcullis/sdk';
import { Card, CardHeader } from '@/components/ui/card';
import { Table, Th } from '@/components/ui/table';
import type { Directory } from './names';
import { KINDS } from './policy-kinds';
import { PolicyRow } from './policy-row';

/** The policies of one kind. */
export function PolicyGroup({
  kind,
  policies,
  directory,
  canManage,
  onChanged,
}: {
  kind: PolicyKind;
  policies: PolicyView[];
  directory: Directory;
  canManage: boolean;
  onChanged: () => void;
}) {
  const meta = KINDS.find((k) => k.value === kind)!;
  return (
    <Card>
      <CardHeader title={`${meta.label} (${policies.length})`} description={meta.hint} />
      <Table label={`${meta.label} policies`}>
        <thead className="bg-slate-50">
          <tr>
            <Th>Policy</Th>
            <Th className="w-56">Applies to</Th>
            <Th className="w-28">Mode</Th>
            <Th className="w-20">On</Th>
            {canManage && <Th className="w-36 text-right">Actions</Th>}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {policies.map((p) => (
            <PolicyRow
              key={p.id}
              policy={p}
              directory={directory}
              canManage={canManage}
              onChanged={onChanged}
            />
          ))}
        </tbody>
      </Table>
    </Card>
  );
}
