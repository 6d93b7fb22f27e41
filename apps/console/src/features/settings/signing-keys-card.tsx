'use client';
import { signingKeyRoutes } from '@portcullis/sdk';
import { useState } from 'react';
import { useRoute } from '@/lib/use-resource';
import type { RotateKeysResponse } from '@/lib/types';
import { Banner } from '@/components/ui/banner';
import { Button } from '@/components/ui/button';
import { Card, CardBody, CardHeader } from '@/components/ui/card';
import { CopyableUrl } from '@/components/ui/copyable-url';
import { DetailList } from '@/components/ui/detail-list';
import { EmptyState } from '@/components/ui/empty-state';
import { Table, Th } from '@/components/ui/table';
import { ResourceState } from '@/components/ui/resource-state';
import { RotateKeysDialog } from './rotate-keys-dialog';
import { SigningKeyRow } from './signing-key-row';

/** The keys this tenant's authorization server signs access tokens with. */
export function SigningKeysCard({ canManage }: { canManage: boolean }) {
  const { data, error, loading, reload } = useRoute(signingKeyRoutes.list, {});
  const [rotating, setRotating] = useState(false);
  const [result, setResult] = useState<RotateKeysResponse>();
  const items = data?.items ?? [];
  return (
    <Card>
      <CardHeader
        title="Signing keys"
        description="Access tokens are JWTs signed by this tenant's key. Keys rotate on a schedule; rotate now if a key may be exposed."
        action={canManage ? <Button onClick={() => setRotating(true)}>Rotate now</Button> : undefined}
      />
      <ResourceState resource={{ data, error, loading, reload }}>
        {data ? (
          <>
            <CardBody className="space-y-4 border-b border-slate-200">
              {result && (
                <Banner tone="success" title="Rotation started" testId="rotation-result">
                  <ul className="list-disc pl-5">
                    {(result.actions.length ? result.actions : ['Nothing to do.']).map((a) => (
                      <li key={a}>{a}</li>
                    ))}
                  </ul>
                </Banner>
              )}
              <DetailList
                items={[
                  {
                    label: 'Issuer',
                    wide: true,
                    value: <CopyableUrl url={data.issuer} ariaLabel="Copy the issuer URL" testId="issuer" />,
                  },
                  {
                    label: 'JWKS',
                    wide: true,
                    value: <CopyableUrl url={data.jwksUri} ariaLabel="Copy the JWKS URL" testId="jwks-uri" />,
                  },
                ]}
              />
            </CardBody>
            {items.length === 0 ? (
              <EmptyState title="No signing keys yet">
                The first key is created with the first token.
              </EmptyState>
            ) : (
              <Table label="Signing keys">
                <thead className="bg-slate-50">
                  <tr>
                    <Th>Key ID (kid)</Th>
                    <Th>Algorithm</Th>
                    <Th>State</Th>
                    <Th>Created</Th>
                    <Th>Signing since</Th>
                    <Th>Retired</Th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-slate-100">
                  {items.map((k) => (
                    <SigningKeyRow key={k.kid} signingKey={k} />
                  ))}
                </tbody>
              </Table>
            )}
          </>
        ) : null}
        {rotating && (
          <RotateKeysDialog
            onClose={() => setRotating(false)}
            onRotated={(r) => {
              setResult(r);
              reload();
            }}
          />
        )}
      </ResourceState>
    </Card>
  );
}
