type Role = 'admin' | 'auditor';

/** "group = role" lines into the API's mapping; unknown roles are left for the API to refuse. */
export function parseGroupRoles(text: string): Record<string, Role> {
  const map: Record<string, Role> = {};
  for (const line of text.split('\n')) {
    const at = line.lastIndexOf('=');
    if (at < 0) continue;
    const group = line.slice(0, at).trim();
    const role = line
      .slice(at + 1)
      .trim()
      .toLowerCase();
    if (group) map[group] = role as Role;
  }
  return map;
}

export function formatGroupRoles(map: Record<string, string>): string {
  return Object.entries(map)
    .map(([group, role]) => `${group} = ${role}`)
    .join('\n');
}
