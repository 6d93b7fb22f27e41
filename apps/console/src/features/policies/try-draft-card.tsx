'use client';
import type { PolicyDraft } from '@portcullis/sdk';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { Tabs } from '@/components/ui/tabs';
import { BacktestPanel } from './backtest-panel';
import type { Directory } from './names';
import { Simulator } from './simulator';

/** The form's current draft, tried before it is saved: on one hypothetical call, or over the
 * calls already recorded. */
export function TryDraftCard({ draft, directory }: { draft: PolicyDraft; directory: Directory }) {
  return (
    <Card>
      <CardHeader
        title="Try it before saving"
        description="Uses the form as it is now, switched on, alongside the current policies."
      />
      <CardBody>
        <Tabs
          label="Try the draft"
          items={[
            {
              id: 'simulate',
              label: 'Simulate a call',
              content: <Simulator directory={directory} draft={{ ...draft, enabled: true }} />,
            },
            {
              id: 'backtest',
              label: 'Back-test',
              content: <BacktestPanel draft={{ ...draft, enabled: true }} directory={directory} />,
            },
          ]}
        />
      </CardBody>
    </Card>
  );
}
