// The API client's public surface: what the rest of the extension imports from src/api.
export { PostHogClient } from './client';
export type { ClientOptions, PageOptions, RequestEvent, RequestOptions } from './core';
export {
  isPostHogError,
  PostHogError,
  type PostHogErrorKind,
  type ValidationRule,
  type ValidationRuleId,
} from './errors';
export { EU_CLOUD, normalizeHost, US_CLOUD, type HostResult } from './host';
export { memoryFallbacks, REPROBE_AFTER_MS, type Fallback, type FallbackMemory } from './fallbacks';
export type { QueriedGroup, RecentEvent, RecentEvents, RecentEventsQuery } from './eventsQuery';
export type { GroupListQuery, GroupRef, UpsertResult } from './groups';
export type { RelatedActor, RelatedGroup, RelatedPerson, RelatedTo } from './groupsRelated';
export type { HogFunctionListQuery, HogFunctionLogQuery, InvocationRequest, KindedSeries } from './hogFunctions';
export type {
  Autocomplete,
  CompletionItem,
  HogAutocompleteRequest,
  HogLanguage,
  HogMetadata,
  HogMetadataRequest,
  HogNotice,
  TypingOptions,
} from './query';
export {
  RateLimiter,
  poolWindows,
  type PoolBudget,
  type RateLimitOptions,
  type RatePool,
  type RateWindow,
  type WindowUsage,
} from './rateLimiter';
export type { TolerantList } from './tolerant';
export { describeCut, MAX_LIST_PAGES, PageTrail, type ListCut } from './paging';
export { describeUnreadable, type UnreadableRow } from './unreadable';
export { networkOptionsFrom, type NetworkSettings } from './proxyAndTls';
export type { HogFunctionRevision, HogFunctionRevisionDetail, PublishResult } from './revisions';
export { isOfferedTemplate, type HogFunctionTemplate, type TemplateList } from './templates';
export type { RetryOptions } from './retry';
export type {
  ActivityEntry,
  Group,
  GroupPropertyDefinition,
  GroupType,
  HogFunction,
  HogFunctionMetrics,
  HogFunctionMetricsTotals,
  HogFunctionSummary,
  InvocationLog,
  InvocationResult,
  LogEntry,
  Project,
  User,
} from './schemas';
export type { NetworkOptions, Transport, TransportFactory, TransportRequest, TransportResponse } from './transport';
