// The whole document is checked before anything is read or changed: its shape (zod), then what
// a schema cannot say (names unique, references that resolve, grants and policies the services
// would accept, a credential for each server that needs one). Every problem is reported at once,
// by its path in the document.
import { ZodError } from 'zod';
import { GovernanceDocument } from '@portcullis/sdk';
import { AppError, fieldErrors, type FieldError } from '../common/errors';
import { assertUsableGrant } from '../agents/grants';
import { validateDraft } from '../policies/policies.service';

export type Credentials = Record<string, { token: string } | { value: string }>;

function invalid(errors: FieldError[]): never {
  throw new AppError(
    'validation_failed',
    `The governance document is invalid: ${errors[0]!.path ? `${errors[0]!.path}: ` : ''}${errors[0]!.message}`,
    { errors },
  );
}

function duplicates(names: string[], path: (i: number) => string, what: string, errors: FieldError[]) {
  const seen = new Set<string>();
  names.forEach((n, i) => {
    if (seen.has(n)) errors.push({ path: path(i), message: `Another ${what} is named "${n}".` });
    seen.add(n);
  });
}

/** The document, parsed and checked; throws validation_failed listing every problem. */
export function checkDocument(raw: unknown, credentials: Credentials): GovernanceDocument {
  let doc: GovernanceDocument;
  try {
    doc = GovernanceDocument.parse(raw);
  } catch (e) {
    if (e instanceof ZodError)
      invalid(fieldErrors(e).map((f) => ({ ...f, path: f.path ? `document.${f.path}` : 'document' })));
    throw e;
  }
  const errors: FieldError[] = [];
  const at = (p: string) => `document.${p}`;
  duplicates(
    doc.servers.map((s) => s.slug),
    (i) => at(`servers.${i}.slug`),
    'server',
    errors,
  );
  duplicates(
    doc.agents.map((a) => a.name),
    (i) => at(`agents.${i}.name`),
    'agent',
    errors,
  );
  duplicates(
    doc.policies.map((p) => p.name),
    (i) => at(`policies.${i}.name`),
    'policy',
    errors,
  );
  duplicates(
    doc.sinks.map((s) => s.name),
    (i) => at(`sinks.${i}.name`),
    'sink',
    errors,
  );
  const servers = new Map(doc.servers.map((s) => [s.slug, s]));
  const agents = new Set(doc.agents.map((a) => a.name));

  doc.servers.forEach((s, i) =>
    duplicates(
      s.approvedTools.map((t) => t.name),
      (j) => at(`servers.${i}.approvedTools.${j}.name`),
      'approved tool',
      errors,
    ),
  );
  doc.agents.forEach((a, i) => {
    duplicates(
      a.grants.map((g) => g.server),
      (j) => at(`agents.${i}.grants.${j}.server`),
      'grant of this agent on the server',
      errors,
    );
    a.grants.forEach((g, j) => {
      if (!servers.has(g.server))
        errors.push({
          path: at(`agents.${i}.grants.${j}.server`),
          message: `No server "${g.server}" in the document.`,
        });
      try {
        assertUsableGrant(g, at(`agents.${i}.grants.${j}.`));
      } catch (e) {
        if (e instanceof AppError) errors.push(...(e.extra.errors ?? []));
        else throw e;
      }
    });
  });
  doc.policies.forEach((p, i) => {
    if (p.target.server && !servers.has(p.target.server))
      errors.push({
        path: at(`policies.${i}.target.server`),
        message: `No server "${p.target.server}" in the document.`,
      });
    if (p.target.agent && !agents.has(p.target.agent))
      errors.push({
        path: at(`policies.${i}.target.agent`),
        message: `No agent "${p.target.agent}" in the document.`,
      });
    // The policy engine's own rules, with stand-in ids for the names (the real ones resolve at apply).
    const { target, ...rest } = p;
    const draft = {
      ...rest,
      target: {
        ...(target.server ? { serverId: target.server } : {}),
        ...(target.agent ? { agentId: target.agent } : {}),
        ...(target.tool ? { tool: target.tool } : {}),
      },
    };
    for (const e of validateDraft(draft, 'document').errors)
      errors.push({ path: at(`policies.${i}.${e.path}`), message: e.message });
  });
  doc.sinks.forEach((s, i) => {
    if (s.kind === 'webhook' && !s.url)
      errors.push({ path: at(`sinks.${i}.url`), message: 'A webhook needs a URL.' });
    if (s.kind === 'jsonl' && s.url)
      errors.push({ path: at(`sinks.${i}.url`), message: 'A JSON-lines sink has no URL.' });
  });
  for (const [slug, c] of Object.entries(credentials)) {
    const s = servers.get(slug);
    if (!s) errors.push({ path: `credentials.${slug}`, message: `No server "${slug}" in the document.` });
    else if (s.upstreamAuth.type === 'none')
      errors.push({
        path: `credentials.${slug}`,
        message: 'This server sends no credential upstream (upstreamAuth type none).',
      });
    else if (s.upstreamAuth.type === 'bearer' && !('token' in c))
      errors.push({ path: `credentials.${slug}`, message: 'A bearer credential is given as { token }.' });
    else if (s.upstreamAuth.type === 'header' && !('value' in c))
      errors.push({ path: `credentials.${slug}`, message: 'A header credential is given as { value }.' });
  }
  if (errors.length > 0) invalid(errors);
  return doc;
}
