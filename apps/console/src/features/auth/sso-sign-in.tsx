'use client';
import { ssoRoutes, urlOf } from '@portcullis/sdk';
import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { TextField } from '@/components/ui/field';

/** Sign-in through the organisation's identity provider: a navigation, not a fetch (the provider shows its own page). */
export function SsoSignIn({ next, prominent }: { next: string; prominent?: boolean }) {
  const [open, setOpen] = useState(!!prominent);

  function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const tenant = String(new FormData(e.currentTarget).get('tenant')).trim().toLowerCase();
    window.location.assign(urlOf(ssoRoutes.start, { query: { tenant, next } }));
  }

  if (!open) {
    return (
      <Button variant="secondary" className="w-full" onClick={() => setOpen(true)}>
        Use single sign-on
      </Button>
    );
  }
  return (
    <form
      onSubmit={onSubmit}
      className="space-y-3 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200"
      aria-label="Single sign-on"
    >
      <TextField
        label="Organisation"
        name="tenant"
        placeholder="acme"
        required
        hint="Your tenant's slug: the name in its URLs."
        autoComplete="organization"
      />
      <Button type="submit" className="w-full">
        Continue with single sign-on
      </Button>
    </form>
  );
}
