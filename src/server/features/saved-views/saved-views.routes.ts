import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import {
  CreateSavedViewInput,
  SavedView,
  SavedViewListQuery,
  UpdateSavedViewInput,
} from '../../../shared/saved-views';
import * as service from './saved-views.service';

export function savedViewsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/saved-views',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['saved-views'],
        summary: 'Your saved views plus the views shared on your side (your company, for partners)',
        querystring: SavedViewListQuery,
        response: { 200: page(SavedView), ...errorResponses(400, 401) },
      },
    },
    (req) => service.listViews(deps, ctx(req), req.query),
  );

  app.post(
    '/api/saved-views',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['saved-views'],
        summary: 'Save a named filter, columns and sort for a list; optionally share and pin it',
        body: CreateSavedViewInput,
        response: { 201: SavedView, ...errorResponses(400, 401, 409, 422) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createView(deps, ctx(req), req.body)),
  );

  app.get(
    '/api/saved-views/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['saved-views'],
        params: IdParams,
        response: { 200: SavedView, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.getView(deps, ctx(req), req.params.id),
  );

  app.patch(
    '/api/saved-views/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['saved-views'],
        summary: 'Rename, update or (un)share your view',
        params: IdParams,
        body: UpdateSavedViewInput,
        response: { 200: SavedView, ...errorResponses(400, 401, 403, 404, 409, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      const v = expectedVersion(version, req.headers['if-match']);
      return service.updateView(deps, ctx(req), req.params.id, v, changes);
    },
  );

  app.delete(
    '/api/saved-views/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['saved-views'],
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await service.deleteView(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/saved-views/:id/pin',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['saved-views'],
        summary: 'Make this view your default for its list (replaces your previous default)',
        params: IdParams,
        response: { 200: SavedView, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.pinView(deps, ctx(req), req.params.id),
  );

  app.delete(
    '/api/saved-views/:id/pin',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['saved-views'],
        summary: 'Stop using this view as your default',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 404) },
      },
    },
    async (req, reply) => {
      await service.unpinView(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
