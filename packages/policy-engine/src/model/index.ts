// The policy vocabulary and its schemas on their own (`@portcullis/policy-engine/model`): what a
// client needs to name, type and check a policy (the SDK's contracts, the console's forms),
// without the evaluator, the counter stores or the GeoIP data.
export * from './common';
export * from './limits';
export * from './network';
export * from './time-window';
export * from './guardrail';
export * from './policy';
export {
  validatePolicy,
  validatePolicyConfig,
  parsePolicy,
  formatPath,
  type FieldError,
  type ValidationResult,
} from './validate';
