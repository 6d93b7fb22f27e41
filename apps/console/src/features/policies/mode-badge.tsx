import { Badge } from '@/components/ui/badge';
import type { PolicyMode } from '@/lib/types';

export function ModeBadge({ mode }: { mode: PolicyMode }) {
  return mode === 'monitor' ? <Badge tone="amber">Monitor</Badge> : <Badge tone="indigo">Enforce</Badge>;
}
