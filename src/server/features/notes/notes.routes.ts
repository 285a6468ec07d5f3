import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import { CreateNoteInput, Note, NoteListQuery, UpdateNoteInput } from '../../../shared/notes';
import * as service from './notes.service';

// Open to every signed-in user: the record a note hangs on decides visibility (out of scope is
// 404), authorship decides changes, and internal notes exist only for vendor staff.
export function notesRoutes(app: App, deps: Deps) {
  app.get(
    '/api/notes',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notes'],
        summary: "A record's notes, newest first (internal notes only for vendor staff)",
        querystring: NoteListQuery,
        response: { 200: page(Note), ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.listNotes(deps, ctx(req), req.query),
  );

  app.post(
    '/api/notes',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notes'],
        summary: 'Add a note to a record; internal notes are for vendor staff only',
        body: CreateNoteInput,
        response: { 201: Note, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createNote(deps, ctx(req), req.body)),
  );

  app.get(
    '/api/notes/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notes'],
        summary: 'One note',
        params: IdParams,
        response: { 200: Note, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.getNote(deps, ctx(req), req.params.id),
  );

  app.patch(
    '/api/notes/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notes'],
        summary: 'Change a note (its author or an administrator)',
        params: IdParams,
        body: UpdateNoteInput,
        response: { 200: Note, ...errorResponses(400, 401, 403, 404, 409, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      return service.updateNote(
        deps,
        ctx(req),
        req.params.id,
        expectedVersion(version, req.headers['if-match']),
        changes,
      );
    },
  );

  app.delete(
    '/api/notes/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['notes'],
        summary: 'Delete a note (its author or an administrator)',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await service.deleteNote(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
