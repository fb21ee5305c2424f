// The account endpoints sign-in needs: who the key belongs to and which projects it can see.
import * as l10n from '@vscode/l10n';
import { allPages, type ApiCore, type RequestOptions } from './core';
import { projectPageSchema, userSchema, type Project, type User } from './schemas';
import type { TolerantList } from './tolerant';

export function getCurrentUser(core: ApiCore, opts?: RequestOptions): Promise<User> {
  return core.call(
    {
      method: 'GET',
      path: '/api/users/@me/',
      operation: l10n.t('load your PostHog account'),
      endpoint: 'GET users/@me',
      ...opts,
    },
    userSchema,
  );
}

/** Every project the key can see, all pages. */
export function listProjects(core: ApiCore, opts?: RequestOptions): Promise<TolerantList<Project>> {
  return allPages(
    (pageUrl) =>
      core.call(
        {
          method: 'GET',
          path: '/api/projects/',
          ...(pageUrl ? { pageUrl } : {}),
          operation: l10n.t('list projects'),
          endpoint: 'GET projects',
          ...opts,
        },
        projectPageSchema,
      ),
    { firstUrl: core.urlOf('/api/projects/') },
  );
}
