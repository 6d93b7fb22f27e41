import type { Metadata } from 'next';
import { InviteFlow } from '@/features/invite/invite-flow';

export const metadata: Metadata = { title: 'Invitation' };

export default function InvitePage() {
  return <InviteFlow />;
}
