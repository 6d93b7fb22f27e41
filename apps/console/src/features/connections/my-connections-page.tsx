'use client';
import { peopleRoutes } from '@portcullis/sdk';
import { useRoute } from '@/lib/use-resource';
import { PageHeader } from '@/components/ui/page-header';
import { ConsentsCard } from './consents-card';

/** Every member's own page: the MCP clients they let act for them, revocable. */
export function MyConnectionsPage() {
  const consents = useRoute(peopleRoutes.myConsents, {});
  return (
    <>
      <PageHeader
        title="My connections"
        description="MCP clients (VS Code, Cursor, Claude, the MCP Inspector...) you allowed to use MCP servers as you."
      />
      <ConsentsCard
        title="Applications you allowed"
        description="Each one may call the server within your own access, until you revoke it."
        consents={consents}
        scope="mine"
        canRevoke
        empty="Add an MCP server's gateway URL to your MCP client; it will ask you to sign in here and allow it."
      />
    </>
  );
}
