import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import { Notification, NotificationListQuery, UnreadCount } from '../../../shared/notifications';
import * as service from './notifications.service';

export function notificationsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/notifications',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'Your own in-app notifications, newest first (?unread=true for unread only)',
        querystring: NotificationListQuery,
        response: { 200: page(Notification), ...errorResponses(400, 401) },
      },
    },
    (req) => service.listNotifications(deps, ctx(req), req.query),
  );

  app.get(
    '/api/notifications/unread-count',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'How many of your notifications are unread',
        response: { 200: UnreadCount, ...errorResponses(401) },
      },
    },
    (req) => service.unreadCount(deps, ctx(req)),
  );

  app.post(
    '/api/notifications/:id/read',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark one of your notifications as read',
        params: IdParams,
        response: { 200: Notification, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.markRead(deps, ctx(req), req.params.id),
  );

  app.post(
    '/api/notifications/read-all',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'Mark all your notifications as read; answers how many changed',
        response: { 200: UnreadCount, ...errorResponses(401) },
      },
    },
    (req) => service.markAllRead(deps, ctx(req)),
  );
}
