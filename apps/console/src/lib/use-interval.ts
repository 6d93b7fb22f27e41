'use client';
import { useEffect, useRef } from 'react';

/** Calls `fn` every `delayMs` while `delayMs` is a number; null stops it. */
export function useInterval(fn: () => void, delayMs: number | null): void {
  const latest = useRef(fn);
  useEffect(() => {
    latest.current = fn;
  }, [fn]);
  useEffect(() => {
    if (delayMs === null) return;
    const id = setInterval(() => latest.current(), delayMs);
    return () => clearInterval(id);
  }, [delayMs]);
}
