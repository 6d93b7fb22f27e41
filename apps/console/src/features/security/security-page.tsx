'use client';
import { PageHeader } from '@/components/ui/page-header';
import { ChangePasswordCard } from './change-password-card';

/** The signed-in person's own sign-in methods (not the tenant's settings). */
export function SecurityPage() {
  return (
    <>
      <PageHeader title="Security" description="How you sign in: your password and your second factors." />
      <div className="space-y-6">
        <ChangePasswordCard />
      </div>
    </>
  );
}
