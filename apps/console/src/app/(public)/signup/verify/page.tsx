import type { Metadata } from 'next';
import { VerifySignUp } from '@/features/auth/verify-signup';

export const metadata: Metadata = { title: 'Confirm your e-mail' };

export default function VerifySignUpPage() {
  return <VerifySignUp />;
}
