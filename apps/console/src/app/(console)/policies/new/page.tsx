import type { Metadata } from 'next';
import { PolicyEditorPage } from '@/features/policies/policy-editor-page';

export const metadata: Metadata = { title: 'New policy' };

export default function Page() {
  return <PolicyEditorPage />;
}
