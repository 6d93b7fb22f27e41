import { describe, expect, it } from 'vitest';
import { SsoRefusal, admittedEmail, mappedRole } from './sso-rules';

describe('admittedEmail', () => {
  it('admits a verified address of an allowed domain, lower-cased', () => {
    expect(admittedEmail({ email: 'Ada@Example.com', email_verified: true }, ['example.com'])).toBe(
      'ada@example.com',
    );
  });
  it('refuses other domains, look-alike subdomains, unverified and missing addresses', () => {
    const refused = (claims: Record<string, unknown>) => {
      try {
        admittedEmail(claims, ['example.com']);
        return null;
      } catch (e) {
        return (e as SsoRefusal).reason;
      }
    };
    expect(refused({ email: 'eve@evil.com', email_verified: true })).toBe('domain_not_allowed');
    expect(refused({ email: 'eve@example.com.evil.com', email_verified: true })).toBe('domain_not_allowed');
    expect(refused({ email: 'eve@sub.example.com', email_verified: true })).toBe('domain_not_allowed');
    expect(refused({ email: 'ada@example.com', email_verified: false })).toBe('email_unverified');
    expect(refused({ email: 'ada@example.com' })).toBe('email_unverified');
    expect(refused({ email_verified: true })).toBe('email_missing');
  });
});

describe('mappedRole', () => {
  const map = { 'platform-admins': 'admin', auditors: 'auditor' } as const;
  it('takes the highest role of the mapped groups', () => {
    expect(mappedRole({ groups: ['auditors', 'platform-admins'] }, 'groups', map, 'auditor')).toBe('admin');
  });
  it('falls back to the default role for unmapped, missing or odd claims', () => {
    expect(mappedRole({ groups: ['sales'] }, 'groups', map, 'auditor')).toBe('auditor');
    expect(mappedRole({}, 'groups', map, 'admin')).toBe('admin');
    expect(mappedRole({ groups: [42, null] }, 'groups', map, 'auditor')).toBe('auditor');
    expect(mappedRole({ roles: 'platform-admins' }, 'roles', map, 'auditor')).toBe('admin');
  });
});
