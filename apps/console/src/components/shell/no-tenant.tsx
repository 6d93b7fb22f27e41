'use client';
import { useState } from 'react';
import { useSession } from '@/lib/session';
import { Button } from '../ui/button';
import { Card } from '../ui/card';
import { CreateTenantDialog } from './create-tenant-dialog';

/** Signed in, but no active tenant (never joined one, or was removed from it). */
export function NoTenant() {
  const { session } = useSession();
  const [creating, setCreating] = useState(false);
  return (
    <Card className="mx-auto max-w-lg p-8 text-center">
      <h1 className="text-lg font-semibold text-slate-900">No tenant selected</h1>
      <p className="mt-2 text-sm text-slate-500">
        {session.tenants.length > 0
          ? 'Pick one of your tenants with the switcher in the sidebar, or create a new one.'
          : 'You are not a member of any tenant yet. Create one, or ask an owner to invite you.'}
      </p>
      <Button className="mt-6" onClick={() => setCreating(true)}>
        Create tenant
      </Button>
      {creating && <CreateTenantDialog onClose={() => setCreating(false)} />}
    </Card>
  );
}
