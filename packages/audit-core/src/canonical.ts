// RFC 8785 (JSON Canonicalization Scheme) through the maintained `canonicalize` package: one
// byte-exact form per JSON value, so a hash over it survives key reordering and re-encoding.
import canonicalize from 'canonicalize';

/**
 * The RFC 8785 canonical JSON text of `value`. Throws a TypeError for values JSON cannot
 * represent at the top level (undefined, functions) and an Error for NaN, Infinity, lone
 * surrogates and cycles, instead of hashing something ambiguous.
 */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}
