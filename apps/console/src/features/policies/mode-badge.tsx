import { Badge } from '@/components/ui/badge';
import type { PolicyMode } from '@portcullis/sdk';

export function ModeBadge({ mode }: { mode: PolicyMode }) {
  return mode === 'monitor' ? <Badge tone="amber">Monitor</Badge> : <Badge tone="indigo">Enforce</Badge>;
}
