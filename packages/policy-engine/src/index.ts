// @portcullis/policy-engine: policy schemas, evaluation, guardrails and explanations.

// Model and validation
export * from './model/common';
export * from './model/limits';
export * from './model/network';
export * from './model/time-window';
export * from './model/guardrail';
export * from './model/policy';
export {
  validatePolicy,
  validatePolicyConfig,
  parsePolicy,
  formatPath,
  type FieldError,
  type ValidationResult,
} from './model/validate';

// Evaluation
export type { CallContext, Direction } from './context';
export type { Decision, EntryOutcome, ExplanationEntry, LimitState, StatusHint } from './decision';
export { compilePolicies, CompiledPolicySet, PolicyCompileError } from './engine/compile';
export { evaluate, type EvaluateOptions } from './engine/evaluate';
export { describePolicy } from './describe';

// Rate limiting
export type { RateLimitStore, RateLimitParams, RateLimitResult, RateLimitHit } from './ratelimit/store';
export { gcra } from './ratelimit/gcra';
export { MemoryRateLimitStore, type MemoryRateLimitStoreOptions } from './ratelimit/memory-store';
export {
  RedisRateLimitStore,
  GCRA_LUA_SHA1,
  type RedisScriptClient,
  type RedisRateLimitStoreOptions,
} from './ratelimit/redis-store';
export { GCRA_LUA } from './ratelimit/redis-script';
export { rateLimitHeaders, type HeaderItem } from './ratelimit/headers';

// Network and geography
export { parseCidr, CidrSet, type Cidr, type CidrResult } from './net/cidr';
export { parseIp, formatIp, type ParsedIp } from './net/ip';
export { clientIp } from './net/client-ip';
export type { GeoResolver } from './geo/resolver';
export { createGeoipLiteResolver } from './geo/geoip-lite';
export { openMaxMindResolver, type MaxMindResolverOptions } from './geo/maxmind';

// Time
export { isValidTimeZone, localTime, zonedTimeToUtc, type LocalTime } from './time/zone';

// Guardrails (also usable on their own, e.g. for back-testing recorded payloads)
export type { Finding, FindingDetector, RawMatch, Detector } from './guardrails/types';
export {
  scanPayload,
  createPayloadScanner,
  type PayloadScan,
  type GuardrailConfigInput,
} from './engine/scan-payload';
export { scanJson, applyRedactions, type ScanRule, type JsonMatch, type ScanResult } from './guardrails/scan';
export { compileCustomPattern } from './guardrails/custom-pattern';
export { formatJsonPath } from './guardrails/json-path';
export { DETECTORS } from './guardrails/detectors';
export { luhn } from './guardrails/detectors/card';
export { mod97, IBAN_LENGTHS } from './guardrails/detectors/iban';
export {
  isPlatformKey,
  platformKeyChecksum,
  PLATFORM_KEY_PREFIXES,
} from './guardrails/detectors/platform-keys';
export { PHRASE_MARKERS, TOKEN_MARKERS, CODEPOINT_MARKERS } from './guardrails/detectors/injection-markers';
