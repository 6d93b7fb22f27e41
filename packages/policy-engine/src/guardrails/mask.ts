// Hints that help a human recognise a finding without revealing it.

/** `…1234`: the last `n` characters that are letters or digits. */
export function lastChars(value: string, n = 4): string {
  let tail = '';
  for (let i = value.length - 1; i >= 0 && tail.length < n; i--) {
    const c = value[i]!;
    if (/[A-Za-z0-9]/.test(c)) tail = c + tail;
  }
  return `…${tail}`;
}

/** `j…@example.com`: the first character of the local part and the domain. */
export function maskEmail(value: string): string {
  const at = value.lastIndexOf('@');
  return `${value.slice(0, 1)}…${value.slice(at)}`;
}
