'use client';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { authRoutes } from '@portcullis/sdk';
import { call } from '@/lib/api';
import { slugify } from '@/lib/format';
import { useSession } from '@/lib/session';
import { useAction } from '@/lib/use-action';
import type { CreateTenantRequest } from '@/lib/types';
import { Button } from '../ui/button';
import { TextField } from '../ui/field';
import { Modal } from '../ui/modal';
import { ProblemBanner } from '../ui/problem-banner';

const createTenant = (body: CreateTenantRequest) => call(authRoutes.createTenant, { body });

/** A new tenant owned by the current user, which becomes the active one. */
export function CreateTenantDialog({ onClose }: { onClose: () => void }) {
  const router = useRouter();
  const { replace } = useSession();
  const action = useAction(createTenant);
  const fe = action.error?.fieldErrors ?? {};
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [slugEdited, setSlugEdited] = useState(false);

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const result = await action.run({ name, slug });
    if (!result.ok) return;
    replace(result.value);
    onClose();
    router.push('/');
  }

  return (
    <Modal title="Create a tenant" onClose={onClose}>
      <p className="text-sm text-slate-500">You will be its owner, and it becomes your active tenant.</p>
      <form className="mt-4 space-y-4" onSubmit={onSubmit} noValidate>
        <ProblemBanner error={action.error} />
        <TextField
          label="Tenant name"
          name="name"
          value={name}
          error={fe.name}
          autoFocus
          onChange={(e) => {
            setName(e.target.value);
            if (!slugEdited) setSlug(slugify(e.target.value));
          }}
        />
        <TextField
          label="Slug"
          name="slug"
          value={slug}
          error={fe.slug}
          hint="Lowercase letters, digits and hyphens; 3 to 40 characters."
          onChange={(e) => {
            setSlugEdited(true);
            setSlug(e.target.value);
          }}
        />
        <div className="flex justify-end gap-2 pt-2">
          <Button variant="secondary" onClick={onClose} disabled={action.pending}>
            Cancel
          </Button>
          <Button type="submit" loading={action.pending}>
            Create tenant
          </Button>
        </div>
      </form>
    </Modal>
  );
}
