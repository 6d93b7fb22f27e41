import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';

export function ComingSoonCard({ title, description }: { title: string; description: string }) {
  return (
    <Card className="p-5">
      <div className="flex items-start justify-between gap-2">
        <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
        <span className="shrink-0">
          <Badge>Soon</Badge>
        </span>
      </div>
      <p className="mt-2 text-sm text-slate-500">{description}</p>
    </Card>
  );
}
