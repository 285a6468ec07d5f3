import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorBody, ErrorCode } from '../../shared/errors';
import { AppError } from './errors';

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'BAD_REQUEST',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_REQUEST',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_REQUEST',
};

const MESSAGES: Partial<Record<ErrorCode, string>> = {
  PAYLOAD_TOO_LARGE: 'The request body is too large',
  UNSUPPORTED_MEDIA_TYPE: 'Send the request body as application/json',
  BAD_REQUEST: 'The request is malformed',
  RATE_LIMITED: 'Too many requests; slow down',
  UNAVAILABLE: 'The server is busy; try again shortly',
};

function fieldPath(path: string | undefined): string {
  return (path ?? '').replace(/^\//, '').replace(/\//g, '.') || '(body)';
}

/** Maps every failure to the one error shape. Nothing internal (stack, SQL) reaches a client. */
export function installErrorHandler(app: FastifyInstance) {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const requestId = String(req.id);
    const send = (status: number, error: ErrorBody['error'], headers?: Record<string, string>) => {
      if (headers) void reply.headers(headers);
      return reply.status(status).send({ error: { ...error, requestId } });
    };

    if (err instanceof AppError) {
      if (err.status >= 500) req.log.error({ err }, 'request failed');
      return send(
        err.status,
        { code: err.code, message: err.message, ...(err.fields ? { fields: err.fields } : {}) },
        err.headers,
      );
    }

    if (hasZodFastifySchemaValidationErrors(err)) {
      const fields: Record<string, string> = {};
      for (const v of err.validation) {
        const key = fieldPath(v.instancePath);
        fields[key] ??= v.message ?? 'is invalid';
      }
      const where = err.validationContext === 'body' ? '' : ` (${err.validationContext})`;
      return send(400, {
        code: 'VALIDATION_FAILED',
        message: `Some fields are invalid${where}: ${Object.entries(fields)
          .map(([k, m]) => `${k} ${m}`)
          .join('; ')
          .slice(0, 300)}`,
        fields,
      });
    }

    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped) return send(err.statusCode ?? 400, { code: mapped, message: MESSAGES[mapped]! });
    if (err instanceof SyntaxError || err.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
      return send(400, { code: 'BAD_REQUEST', message: 'The request body is not valid JSON' });
    }
    const status = err.statusCode ?? 500;
    if (status === 429) {
      return send(429, { code: 'RATE_LIMITED', message: MESSAGES.RATE_LIMITED! });
    }
    if (status === 503) {
      return send(
        503,
        { code: 'UNAVAILABLE', message: MESSAGES.UNAVAILABLE! },
        { 'retry-after': '1' },
      );
    }
    if (status >= 400 && status < 500) {
      // Fastify's own client errors (e.g. prototype poisoning, bad content-length): safe to name.
      const code: ErrorCode =
        status === 413
          ? 'PAYLOAD_TOO_LARGE'
          : status === 415
            ? 'UNSUPPORTED_MEDIA_TYPE'
            : 'BAD_REQUEST';
      return send(status, { code, message: MESSAGES[code] ?? 'The request is malformed' });
    }
    req.log.error({ err }, 'unhandled error');
    return send(500, {
      code: 'INTERNAL',
      message: 'Something went wrong on our side. The error was logged with this request id.',
    });
  });
}

export function installNotFound(
  app: FastifyInstance,
  spa?: (req: FastifyRequest, reply: FastifyReply) => FastifyReply,
) {
  app.setNotFoundHandler((req, reply) => {
    if (!req.url.startsWith('/api') && spa && (req.method === 'GET' || req.method === 'HEAD')) {
      return spa(req, reply);
    }
    return reply.status(404).send({
      error: {
        code: 'NOT_FOUND',
        message: `No such endpoint: ${req.method} ${req.url.split('?')[0]!.slice(0, 200)}`,
        requestId: String(req.id),
      },
    });
  });
}
