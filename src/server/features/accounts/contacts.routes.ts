import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { exportRoutes } from '../../http/export';
import { ContactExportQuery } from '../../../shared/exports';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import {
  Contact,
  ContactListQuery,
  CreateContactInput,
  UpdateContactInput,
} from '../../../shared/accounts';
import { CUSTOMER_WRITERS } from './accounts.policy';
import * as service from './contacts.service';

export function contactsRoutes(app: App, deps: Deps) {
  app.get(
    '/api/contacts',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['contacts'],
        summary: 'List contacts of the accounts you may see (optionally of one account)',
        querystring: ContactListQuery,
        response: { 200: page(Contact), ...errorResponses(400, 401) },
      },
    },
    (req) => service.listContacts(deps, ctx(req), req.query),
  );

  app.post(
    '/api/contacts',
    {
      config: { access: CUSTOMER_WRITERS },
      schema: {
        tags: ['contacts'],
        body: CreateContactInput,
        response: { 201: Contact, ...errorResponses(400, 401, 403) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createContact(deps, ctx(req), req.body)),
  );

  app.get(
    '/api/contacts/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['contacts'],
        params: IdParams,
        response: { 200: Contact, ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.getContact(deps, ctx(req), req.params.id),
  );

  app.patch(
    '/api/contacts/:id',
    {
      config: { access: CUSTOMER_WRITERS },
      schema: {
        tags: ['contacts'],
        params: IdParams,
        body: UpdateContactInput,
        response: { 200: Contact, ...errorResponses(400, 401, 403, 404, 409, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      const v = expectedVersion(version, req.headers['if-match']);
      return service.updateContact(deps, ctx(req), req.params.id, v, changes);
    },
  );

  app.delete(
    '/api/contacts/:id',
    {
      config: { access: CUSTOMER_WRITERS },
      schema: {
        tags: ['contacts'],
        summary: 'Delete a contact; cases that named them keep their history',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await service.deleteContact(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );

  exportRoutes(app, {
    entity: 'contacts',
    tag: 'contacts',
    access: 'authenticated',
    summary:
      'Contacts as a file: same search and sort as the list, chosen columns, your scope, spreadsheet-formula safe',
    querystring: ContactExportQuery,
    produce: (c, query) => service.exportContacts(deps, c, query),
  });
}
