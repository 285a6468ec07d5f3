import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { AppError, validation } from '../../http/errors';
import { errorResponses, type App } from '../../http/types';
import { IdParams } from '../../../shared/common';
import {
  ACCEPTED_FILES_DESCRIPTION,
  FileList,
  FileListQuery,
  FileUploadQuery,
  StoredFile,
} from '../../../shared/files';
import * as service from './files.service';
import { contentDisposition } from './sniff';

const errorCode = (err: unknown) =>
  typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';

/**
 * HTML forms percent-encode a double quote and line breaks in the file name they send (the
 * WHATWG multipart encoding); turn them back so "Q4 \"final\".pdf" keeps its name.
 */
const formFileName = (name: string | undefined) =>
  name?.replace(/%22/g, '"').replace(/%0[ad]/gi, ' ');

/**
 * Reads the one file of a multipart upload into memory, never more than the limit: the parser
 * stops keeping bytes past it and drains the rest of the request, and we answer 413.
 */
async function readUpload(req: FastifyRequest, maxBytes: number) {
  if (!req.isMultipart()) {
    throw new AppError(
      'UNSUPPORTED_MEDIA_TYPE',
      'Send the file as multipart/form-data with one file field',
    );
  }
  try {
    const part = await req.file({
      limits: { fileSize: maxBytes, files: 1, fields: 10, parts: 20 },
    });
    if (!part) throw validation({ file: 'is required' }, 'Choose a file to upload');
    const data = await part.toBuffer();
    return { filename: formFileName(part.filename), data };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const code = errorCode(err);
    if (code === 'FST_REQ_FILE_TOO_LARGE') throw service.tooLarge(maxBytes);
    if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
      throw new AppError('PAYLOAD_TOO_LARGE', 'Upload one file at a time');
    }
    // Malformed or cut-off multipart bodies: the client's fault, never a 500.
    throw new AppError('BAD_REQUEST', 'The upload was incomplete or malformed; try again');
  }
}

// Open to every signed-in user: the record a file hangs on decides visibility (out of scope is
// 404); the uploader, an administrator or the record's partner admin may delete.
export function filesRoutes(app: App, deps: Deps) {
  app.get(
    '/api/files',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['files'],
        summary: "A record's files (metadata only), newest first, with the upload limit",
        querystring: FileListQuery,
        response: { 200: FileList, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.listFiles(deps, ctx(req), req.query),
  );

  app.post(
    '/api/files',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['files'],
        summary: `Upload a file to a record (multipart/form-data, one file field). The type is sniffed from the content; accepted: ${ACCEPTED_FILES_DESCRIPTION}`,
        querystring: FileUploadQuery,
        consumes: ['multipart/form-data'],
        response: { 201: StoredFile, ...errorResponses(400, 401, 404, 413, 415) },
      },
    },
    async (req, reply) => {
      const c = ctx(req);
      await service.checkUploadTarget(deps, c, req.query);
      const upload = await readUpload(req, deps.config.fileMaxBytes);
      return reply.status(201).send(await service.uploadFile(deps, c, req.query, upload));
    },
  );

  app.get(
    '/api/files/:id/download',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['files'],
        summary:
          'The file, always as an attachment, with the type sniffed at upload (never rendered inline)',
        params: IdParams,
        response: {
          200: z.any().meta({ description: 'The bytes, as an attachment' }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (req, reply) => {
      const file = await service.downloadFile(deps, ctx(req), req.params.id);
      return reply
        .header('content-type', file.contentType)
        .header('content-disposition', contentDisposition(file.name))
        .header('content-length', String(file.data.length))
        .header('x-content-type-options', 'nosniff')
        .header('cache-control', 'private, no-store')
        .header('content-security-policy', "default-src 'none'; sandbox")
        .send(file.data);
    },
  );

  app.delete(
    '/api/files/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['files'],
        summary: "Delete a file (its uploader, an administrator, or the record's partner admin)",
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await service.deleteFile(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
