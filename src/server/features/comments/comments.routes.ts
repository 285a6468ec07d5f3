import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import {
  Comment,
  CommentListQuery,
  CommentThread,
  CreateCommentInput,
  MentionableQuery,
  MentionableUser,
  UpdateCommentInput,
} from '../../../shared/comments';
import * as service from './comments.service';

// Open to every signed-in user: the record a comment hangs on decides visibility (out of scope
// is 404), authorship decides changes.
export function commentsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/comments',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['comments'],
        summary: "A record's comment threads, oldest first, each with its replies",
        querystring: CommentListQuery,
        response: { 200: page(CommentThread), ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.listThreads(deps, ctx(req), req.query),
  );

  app.get(
    '/api/comments/mentionable',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['comments'],
        summary: 'People who can see the record, to @-mention in a comment (at most 10)',
        querystring: MentionableQuery,
        response: {
          200: z.object({ data: z.array(MentionableUser) }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    (req) => service.listMentionable(deps, ctx(req), req.query),
  );

  app.post(
    '/api/comments',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['comments'],
        summary:
          'Comment on a record or reply to a comment; @[Name](user:<id>) mentions notify people who can see the record',
        body: CreateCommentInput,
        response: { 201: Comment, ...errorResponses(400, 401, 404) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createComment(deps, ctx(req), req.body)),
  );

  app.patch(
    '/api/comments/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['comments'],
        summary: 'Edit your own comment',
        params: IdParams,
        body: UpdateCommentInput,
        response: { 200: Comment, ...errorResponses(400, 401, 403, 404, 409, 428) },
      },
    },
    (req) =>
      service.updateComment(
        deps,
        ctx(req),
        req.params.id,
        expectedVersion(req.body.version, req.headers['if-match']),
        { body: req.body.body },
      ),
  );

  app.delete(
    '/api/comments/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['comments'],
        summary: 'Delete a comment (its author or an administrator)',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await service.deleteComment(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
