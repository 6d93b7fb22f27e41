export * from './schema';
export * from './redact';
export * from './canonical';
export * from './hash';
export * from './chain';
export * from './checkpoint';
export {
  verifyChain,
  startVerification,
  ChainVerifier,
  type ChainAnchor,
  type ChainProblem,
  type VerifyOptions,
  type VerifyResult,
} from './verify';
export * from './export';
export * from './csv';
export * from './parse';
export { eventLine, ExportFormatError } from './line';
export type { EventRecord } from './entry';
export type { AnyIterable } from './iter';
export * from './stored';
export * from './columns';
export * from './storable';
export * from './storable-input';
