import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import type { Ctx } from '../../http/actor';
import { AppError, validation } from '../../http/errors';
import { errorResponses, type App } from '../../http/types';
import { IdParams } from '../../../shared/common';
import {
  ImportFieldList,
  ImportFieldsQuery,
  ImportListQuery,
  ImportMappingList,
  ImportMappingListQuery,
  ImportMappingRecord,
  ImportRun,
  ImportRunList,
  ImportSettings,
  ImportUndoInput,
  SaveImportMappingInput,
} from '../../../shared/imports';
import * as service from './imports.service';

const errorCode = (err: unknown) =>
  typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';

/** HTML forms percent-encode quotes and line breaks in the file name they send. */
const formFileName = (name: string | undefined) =>
  (name ?? '').replace(/%22/g, '"').replace(/%0[ad]/gi, ' ');

/**
 * Streams the one file of the upload into the database. The `entity` text part comes first, so
 * a caller who may not import is refused before a byte of the file is stored; a file over the
 * import limit is refused while it streams.
 */
async function upload(req: FastifyRequest, deps: Deps, c: Ctx) {
  if (!req.isMultipart()) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the entity and the file as multipart/form-data',
    );
  }
  const maxBytes = deps.config.importMaxBytes;
  try {
    const part = await req.file({
      limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 20 },
    });
    if (!part) throw validation({ file: 'is required' }, 'Choose a file to import');
    // Only an entity sent before the file counts (fields keep the order they arrived in).
    const order = Object.keys(part.fields);
    const field =
      order.indexOf('entity') < order.indexOf(part.fieldname) ? part.fields.entity : undefined;
    const raw = field && !Array.isArray(field) && 'value' in field ? field.value : undefined;
    let entity;
    try {
      entity = service.checkUploadEntity(c, raw);
    } catch (err) {
      part.file.resume(); // let the rest of the request drain
      throw err;
    }
    return await service.storeUpload(deps, c, entity, {
      fileName: formFileName(part.filename),
      stream: part.file,
      truncated: () => part.file.truncated,
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = errorCode(err);
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw service.tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError('PAYLOAD_TOO_LARGE', 'Upload one file at a time');
    }
    // Malformed or cut-off multipart bodies are the client's fault, never a 500.
    const message = err instanceof Error ? err.message : '';
    if (code.startsWith('FST_') || /multipart|boundary|terminated|unexpected end/i.test(message))
      throw new AppError('BAD_REQUEST', 'The upload was incomplete or malformed; try again');
    throw err;
  }
}

// Anyone signed in may call these; what they may import is decided per entity (the roles that
// may create it), and partner users see and write only their own company's imports.
export function importsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/imports/fields',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        summary: 'The fields a column can be mapped to, with the header names each is guessed from',
        querystring: ImportFieldsQuery,
        response: { 200: ImportFieldList, ...errorResponses(400, 401, 403, 422) },
      },
    },
    (req) => {
      const c = ctx(req);
      service.checkUploadEntity(c, req.query.entity);
      return service.importFields(c, req.query.entity);
    },
  );

  app.post(
    '/api/imports',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        summary:
          'Upload a CSV or XLSX file to import (multipart/form-data: the text field "entity" first, then "file"); answers its headers, a sample and a suggested mapping',
        consumes: ['multipart/form-data'],
        response: { 201: ImportRun, ...errorResponses(400, 401, 403, 413, 415, 422) },
      },
    },
    async (req, reply) => reply.status(201).send(await upload(req, deps, ctx(req))),
  );

  app.get(
    '/api/imports',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        summary: 'Imports, newest first (partner users: their company’s)',
        querystring: ImportListQuery,
        response: { 200: ImportRunList, ...errorResponses(400, 401) },
      },
    },
    (req) => service.listImports(deps, ctx(req), req.query),
  );

  app.get(
    '/api/imports/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        params: IdParams,
        response: { 200: ImportRun, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.getImport(deps, ctx(req), req.params.id),
  );

  app.post(
    '/api/imports/:id/preview',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        summary:
          'Check every row without writing anything (a job; poll the import until it is previewed). Choosing another XLSX sheet stores its headers first',
        params: IdParams,
        body: ImportSettings,
        response: { 202: ImportRun, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) =>
      reply.status(202).send(await service.previewImport(deps, ctx(req), req.params.id, req.body)),
  );

  app.post(
    '/api/imports/:id/run',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        summary:
          'Import the rows (a job, in batches; poll the import for progress). A failed run started again with the same settings continues where it stopped',
        params: IdParams,
        body: ImportSettings,
        response: { 202: ImportRun, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) =>
      reply.status(202).send(await service.runImport(deps, ctx(req), req.params.id, req.body)),
  );

  app.get(
    '/api/imports/:id/results.csv',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        summary:
          'Every failed, skipped and duplicate row of the run: line, outcome, reason, then the original columns',
        params: IdParams,
        response: {
          200: z.any().meta({ description: 'text/csv; UTF-8 with a byte-order mark' }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (req, reply) => {
      const { filename, stream } = await service.importResults(deps, ctx(req), req.params.id);
      return reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(stream);
    },
  );

  app.post(
    '/api/imports/:id/undo',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        summary:
          'Reverse the import (a job): created records are deleted, updated ones get their previous values back; records edited since are kept unless force',
        params: IdParams,
        body: ImportUndoInput,
        response: { 202: ImportRun, ...errorResponses(400, 401, 403, 404, 409, 422) },
      },
    },
    async (req, reply) =>
      reply
        .status(202)
        .send(await service.undoImport(deps, ctx(req), req.params.id, req.body.force ?? false)),
  );

  app.get(
    '/api/import-mappings',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        summary: 'Your saved column mappings',
        querystring: ImportMappingListQuery,
        response: { 200: ImportMappingList, ...errorResponses(400, 401) },
      },
    },
    (req) => service.listMappings(deps, ctx(req), req.query.entity),
  );

  app.post(
    '/api/import-mappings',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        summary: 'Save a column mapping; the same name for the same entity replaces it',
        body: SaveImportMappingInput,
        response: { 201: ImportMappingRecord, ...errorResponses(400, 401) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.saveMapping(deps, ctx(req), req.body)),
  );

  app.delete(
    '/api/import-mappings/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['imports'],
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 404) },
      },
    },
    async (req, reply) => {
      await service.deleteMapping(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
