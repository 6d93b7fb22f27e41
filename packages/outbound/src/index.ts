export * from './errors';
export { DEFAULT_LIMITS, SseEventMeter, type OutboundLimits } from './limits';
export {
  Outbound,
  type JsonDocument,
  type OutboundOptions,
  type OutboundRequest,
  type OutboundResponse,
} from './outbound';
export { outboundFetch, type OutboundFetchOptions } from './fetch';
