import type { Metadata } from 'next';
import { PolicyEditorPage } from '@/features/policies/policy-editor-page';

export const metadata: Metadata = { title: 'Policy' };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <PolicyEditorPage id={id} />;
}
