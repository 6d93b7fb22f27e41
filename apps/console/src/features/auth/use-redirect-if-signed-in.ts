'use client';
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';
import { safeNextPath } from '@portcullis/sdk';
import { fetchSession } from '@/lib/session';

/** Someone who is already signed in has no business on the sign-in or sign-up page. */
export function useRedirectIfSignedIn(): void {
  const router = useRouter();
  useEffect(() => {
    const controller = new AbortController();
    fetchSession(controller.signal).then(
      () => router.replace(safeNextPath(new URLSearchParams(window.location.search).get('next'))),
      () => undefined,
    );
    return () => controller.abort();
  }, [router]);
}
