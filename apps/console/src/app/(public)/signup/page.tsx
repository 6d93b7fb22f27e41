import type { Metadata } from 'next';
import { SignUpForm } from '@/features/auth/signup-form';

export const metadata: Metadata = { title: 'Create account' };

export default function SignUpPage() {
  return <SignUpForm />;
}
