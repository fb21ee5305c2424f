// PostHogClient: the one object the extension talks to PostHog through.
import { ApiCore, type ClientOptions, type PageOptions, type RequestOptions } from './core';
import * as eventsQuery from './eventsQuery';
import * as groups from './groups';
import * as groupsRelated from './groupsRelated';
import * as hogFunctions from './hogFunctions';
import * as projects from './projects';
import * as query from './query';
import * as revisions from './revisions';
import * as templates from './templates';
import type { GroupListQuery, GroupRef } from './groups';
import type { HogFunctionListQuery, HogFunctionLogQuery, InvocationRequest } from './hogFunctions';

/**
 * PostHog's private REST API for one host and one personal API key. Each method is a thin name over
 * the resource modules (groups.ts, hogFunctions.ts, projects.ts), which share one ApiCore: keep-alive
 * connections, the rate limiter, retries, typed errors and validated responses.
 */
export class PostHogClient {
  private readonly core: ApiCore;

  /** Throws PostHogError kind `config` when `host` is not a normalised, allowed origin. */
  constructor(options: ClientOptions) {
    this.core = new ApiCore(options);
  }

  get host(): string {
    return this.core.origin;
  }

  /** How much of each PostHog throttle pool this client has spent (the query endpoint's has its own budget). */
  rateBudget() {
    return this.core.rateBudget();
  }

  getCurrentUser(opts?: RequestOptions) {
    return projects.getCurrentUser(this.core, opts);
  }

  listProjects(opts?: RequestOptions) {
    return projects.listProjects(this.core, opts);
  }

  listGroupTypes(projectId: number, opts?: RequestOptions) {
    return groups.listGroupTypes(this.core, projectId, opts);
  }

  listGroups(projectId: number, query: GroupListQuery, opts?: PageOptions) {
    return groups.listGroups(this.core, projectId, query, opts);
  }

  iterateGroups(projectId: number, query: GroupListQuery, opts?: RequestOptions) {
    return groups.iterateGroups(this.core, projectId, query, opts);
  }

  findGroup(projectId: number, groupTypeIndex: number, groupKey: string, opts?: RequestOptions) {
    return groups.findGroup(this.core, projectId, { groupTypeIndex, groupKey }, opts);
  }

  createGroup(
    projectId: number,
    input: GroupRef & { groupProperties?: Record<string, unknown> },
    opts?: RequestOptions,
  ) {
    return groups.createGroup(this.core, projectId, input, opts);
  }

  /** Refuses null and undefined before sending: PostHog has no null property values (delete instead). */
  updateGroupProperty(projectId: number, ref: GroupRef, key: string, value: unknown, opts?: RequestOptions) {
    return groups.updateGroupProperty(this.core, projectId, ref, key, value, opts);
  }

  deleteGroupProperty(projectId: number, ref: GroupRef, key: string, opts?: RequestOptions) {
    return groups.deleteGroupProperty(this.core, projectId, ref, key, opts);
  }

  upsertGroupProperties(projectId: number, ref: GroupRef, properties: Record<string, unknown>, opts?: RequestOptions) {
    return groups.upsertGroupProperties(this.core, projectId, ref, properties, opts);
  }

  listGroupActivity(
    projectId: number,
    ref: GroupRef,
    paging?: { page?: number; limit?: number },
    opts?: RequestOptions,
  ) {
    return groups.listGroupActivity(this.core, projectId, ref, paging, opts);
  }

  listGroupPropertyDefinitions(projectId: number, groupTypeIndex: number, opts?: RequestOptions) {
    return groups.listGroupPropertyDefinitions(this.core, projectId, groupTypeIndex, opts);
  }

  /** The persons and groups seen on the same events as a group or person in the last 90 days (`groups/related/`). */
  listRelatedActors(projectId: number, to: groupsRelated.RelatedTo, opts?: RequestOptions) {
    return groupsRelated.listRelatedActors(this.core, projectId, to, opts);
  }

  listGroupPropertyValues(
    projectId: number,
    groupTypeIndex: number,
    key: string,
    value?: string,
    opts?: RequestOptions,
  ) {
    return groups.listGroupPropertyValues(this.core, projectId, groupTypeIndex, key, value, opts);
  }

  listHogFunctions(projectId: number, query?: HogFunctionListQuery, opts?: PageOptions) {
    return hogFunctions.listHogFunctions(this.core, projectId, query, opts);
  }

  getHogFunction(projectId: number, id: string, opts?: RequestOptions) {
    return hogFunctions.getHogFunction(this.core, projectId, id, opts);
  }

  createHogFunction(projectId: number, body: Record<string, unknown>, opts?: RequestOptions) {
    return hogFunctions.createHogFunction(this.core, projectId, body, opts);
  }

  updateHogFunction(projectId: number, id: string, patch: Record<string, unknown>, opts?: RequestOptions) {
    return hogFunctions.updateHogFunction(this.core, projectId, id, patch, opts);
  }

  /** One request for the whole order of a type's transformations (`PATCH hog_functions/rearrange/`). */
  rearrangeHogFunctions(projectId: number, orders: Record<string, number>, opts?: RequestOptions) {
    return hogFunctions.rearrangeHogFunctions(this.core, projectId, orders, opts);
  }

  /**
   * Whether this host's PostHog refuses a hog function PATCH with a stale `base_updated_at` itself (409): known from
   * the last function read or written on the host; undefined before any.
   */
  checksBaseUpdatedAt(): boolean | undefined {
    return hogFunctions.checksBaseUpdatedAt(this.core);
  }

  deleteHogFunction(projectId: number, id: string, opts?: RequestOptions) {
    return hogFunctions.deleteHogFunction(this.core, projectId, id, opts);
  }

  restoreHogFunction(projectId: number, id: string, opts?: RequestOptions) {
    return hogFunctions.restoreHogFunction(this.core, projectId, id, opts);
  }

  invokeHogFunction(projectId: number, id: string, request: InvocationRequest, opts?: RequestOptions) {
    return hogFunctions.invokeHogFunction(this.core, projectId, id, request, opts);
  }

  listHogFunctionLogs(projectId: number, id: string, query?: HogFunctionLogQuery, opts?: PageOptions) {
    return hogFunctions.listHogFunctionLogs(this.core, projectId, id, query, opts);
  }

  getHogFunctionMetrics(
    projectId: number,
    id: string,
    query?: Parameters<typeof hogFunctions.getHogFunctionMetrics>[3],
    opts?: RequestOptions,
  ) {
    return hogFunctions.getHogFunctionMetrics(this.core, projectId, id, query, opts);
  }

  getHogFunctionMetricsTotals(
    projectId: number,
    id: string,
    query?: Parameters<typeof hogFunctions.getHogFunctionMetricsTotals>[3],
    opts?: RequestOptions,
  ) {
    return hogFunctions.getHogFunctionMetricsTotals(this.core, projectId, id, query, opts);
  }

  /** The runs chart by name with PostHog's kind of each metric (success/failure are runs; `other`, counters). */
  getHogFunctionRunMetrics(
    projectId: number,
    id: string,
    query: Parameters<typeof hogFunctions.getHogFunctionRunMetrics>[3],
    opts?: RequestOptions,
  ) {
    return hogFunctions.getHogFunctionRunMetrics(this.core, projectId, id, query, opts);
  }

  /** PostHog's check of Hog code (HogQLMetadata); a 429 is reported at once, not waited out. */
  checkHog(projectId: number, request: query.HogMetadataRequest, opts?: query.TypingOptions) {
    return query.checkHog(this.core, projectId, request, opts);
  }

  /** PostHog's completions for Hog code (HogQLAutocomplete); a 429 is reported at once, not waited out. */
  completeHog(projectId: number, request: query.HogAutocompleteRequest, opts?: query.TypingOptions) {
    return query.completeHog(this.core, projectId, request, opts);
  }

  /** The newest events matching PostHog property filters (EventsQuery, `query:read`), with their person and groups. */
  listRecentEvents(projectId: number, query: eventsQuery.RecentEventsQuery, opts?: RequestOptions) {
    return eventsQuery.listRecentEvents(this.core, projectId, query, opts);
  }

  listHogFunctionsFull(projectId: number, filter?: { type?: string[] }, opts?: RequestOptions) {
    return hogFunctions.listHogFunctionsFull(this.core, projectId, filter, opts);
  }

  listHogFunctionTemplates(projectId: number, types: string[], opts?: RequestOptions) {
    return templates.listHogFunctionTemplates(this.core, projectId, types, opts);
  }

  getHogFunctionTemplate(projectId: number, templateId: string, opts?: RequestOptions) {
    return templates.getHogFunctionTemplate(this.core, projectId, templateId, opts);
  }

  /** Revisions and drafts exist on the newest servers only: each of these answers `undefined` on older ones. */
  listHogFunctionRevisions(projectId: number, id: string, opts?: RequestOptions) {
    return revisions.listHogFunctionRevisions(this.core, projectId, id, opts);
  }

  getHogFunctionRevision(projectId: number, id: string, version: number, opts?: RequestOptions) {
    return revisions.getHogFunctionRevision(this.core, projectId, id, version, opts);
  }

  restoreHogFunctionRevision(
    projectId: number,
    id: string,
    version: number,
    overwrite: boolean,
    opts?: RequestOptions,
  ) {
    return revisions.restoreHogFunctionRevision(this.core, projectId, id, version, overwrite, opts);
  }

  previewHogFunctionPublish(projectId: number, id: string, opts?: RequestOptions) {
    return revisions.previewHogFunctionPublish(this.core, projectId, id, opts);
  }

  confirmHogFunctionPublish(projectId: number, id: string, confirmToken: string | undefined, opts?: RequestOptions) {
    return revisions.confirmHogFunctionPublish(this.core, projectId, id, confirmToken, opts);
  }

  discardHogFunctionDraft(projectId: number, id: string, opts?: RequestOptions) {
    return revisions.discardHogFunctionDraft(this.core, projectId, id, opts);
  }

  /** Closes the connections; requests still waiting fail as `cancelled`. */
  dispose(): Promise<void> {
    return this.core.dispose();
  }
}
