// Who a tenant's identity provider may let in, and as what: pure rules, tested without I/O.
import type { Role } from '@portcullis/db';

const RANK: Record<Role, number> = { member: 0, auditor: 1, admin: 2, owner: 3 };

export class SsoRefusal extends Error {
  constructor(
    readonly reason: 'email_missing' | 'email_unverified' | 'domain_not_allowed',
    message: string,
  ) {
    super(message);
  }
}

/** The verified e-mail address of the claims, if its domain is one the tenant allows. */
export function admittedEmail(claims: Record<string, unknown>, allowedDomains: readonly string[]): string {
  const email = typeof claims.email === 'string' ? claims.email.trim().toLowerCase() : '';
  if (!email || !email.includes('@'))
    throw new SsoRefusal('email_missing', 'The identity provider sent no e-mail address.');
  // Unverified addresses would let anyone claim a colleague's address at a lax provider.
  if (claims.email_verified !== true && claims.email_verified !== 'true') {
    throw new SsoRefusal('email_unverified', 'The identity provider has not verified this e-mail address.');
  }
  const domain = email.slice(email.lastIndexOf('@') + 1);
  if (!allowedDomains.includes(domain))
    throw new SsoRefusal('domain_not_allowed', `Addresses at ${domain} may not sign in to this tenant.`);
  return email;
}

/** The role the person's groups map to (the highest wins), or the default. */
export function mappedRole(
  claims: Record<string, unknown>,
  groupsClaim: string,
  groupRoles: Record<string, Role>,
  defaultRole: Role,
): Role {
  const raw = claims[groupsClaim];
  const groups = Array.isArray(raw)
    ? raw.filter((g): g is string => typeof g === 'string')
    : typeof raw === 'string'
      ? [raw]
      : [];
  let best: Role | null = null;
  for (const g of groups) {
    const role = groupRoles[g];
    if (role && (!best || RANK[role] > RANK[best])) best = role;
  }
  return best ?? defaultRole;
}
