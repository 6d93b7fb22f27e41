import { describe, expect, it } from 'vitest';
import { formatGroupRoles, parseGroupRoles } from './group-roles';

describe('group roles', () => {
  it('round-trips "group = role" lines, skipping blank ones', () => {
    const map = parseGroupRoles('platform-admins = admin\n\n cn=sec,ou=groups = Auditor \n');
    expect(map).toEqual({ 'platform-admins': 'admin', 'cn=sec,ou=groups': 'auditor' });
    expect(parseGroupRoles(formatGroupRoles(map))).toEqual(map);
  });
});
