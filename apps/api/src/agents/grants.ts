// A grant as stored (AgentGrant columns) and as the rules read it (GrantRules), and the checks
// an admin's grant must pass: every name it lists must be usable where it ends up (a tool name
// in an OAuth scope token, a resource pattern in the gateway's matcher).
import type { AgentGrant } from '@portcullis/db';
import { isGrantableToolName } from '@portcullis/auth-core';
import { uriPatternProblem, type GrantRules } from '@portcullis/mcp-pipeline';
import { AppError } from '../common/errors';

export interface GrantInput {
  tools: '*' | string[];
  resources: boolean | string[];
  prompts: boolean | string[];
}

/** The grant as rules (and as the API shows it): a GrantInput is also a GrantRules. */
export function grantRulesOf(
  g: Pick<AgentGrant, 'allTools' | 'tools' | 'resources' | 'resourcePatterns' | 'prompts' | 'promptNames'>,
): GrantInput & GrantRules {
  return {
    tools: g.allTools ? '*' : g.tools,
    resources: g.resources ? true : g.resourcePatterns.length > 0 ? g.resourcePatterns : false,
    prompts: g.prompts ? true : g.promptNames.length > 0 ? g.promptNames : false,
  };
}

export function grantColumns(g: GrantInput) {
  return {
    allTools: g.tools === '*',
    tools: g.tools === '*' ? [] : g.tools,
    resources: g.resources === true,
    resourcePatterns: Array.isArray(g.resources) ? g.resources : [],
    prompts: g.prompts === true,
    promptNames: Array.isArray(g.prompts) ? g.prompts : [],
  };
}

/** Refuses a grant with a field error for each name that cannot be used (never a failure later). */
export function assertUsableGrant(g: GrantInput, path = ''): void {
  const errors: { path: string; message: string }[] = [];
  const duplicates = (list: string[], field: string) => {
    if (new Set(list).size !== list.length)
      errors.push({ path: `${path}${field}`, message: 'A name is listed twice.' });
  };
  if (g.tools !== '*') {
    duplicates(g.tools, 'tools');
    g.tools.forEach((name, i) => {
      if (!isGrantableToolName(name)) {
        errors.push({
          path: `${path}tools.${i}`,
          message:
            'This tool name cannot be an OAuth scope (printable ASCII without space, quote or backslash, at most 128 characters): grant all tools instead.',
        });
      }
    });
  }
  if (Array.isArray(g.resources)) {
    duplicates(g.resources, 'resources');
    g.resources.forEach((p, i) => {
      const problem = uriPatternProblem(p);
      if (problem) errors.push({ path: `${path}resources.${i}`, message: `The pattern ${problem}.` });
    });
  }
  if (Array.isArray(g.prompts)) duplicates(g.prompts, 'prompts');
  if (errors.length > 0) throw new AppError('validation_failed', errors[0]!.message, { errors });
}
