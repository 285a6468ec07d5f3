import { z } from 'zod';
import type { Deps } from '../../deps';
import { ctx } from '../../http/access';
import { expectedVersion } from '../../http/versioning';
import { errorResponses, type App } from '../../http/types';
import { IdParams, page } from '../../../shared/common';
import {
  CreateTaskInput,
  MyTasksQuery,
  Task,
  TaskListQuery,
  UpdateTaskInput,
} from '../../../shared/tasks';
import * as service from './tasks.service';

// Open to every signed-in user: the record a task hangs on decides visibility (out of scope is
// 404); its creator and assignee work it.
export function tasksRoutes(app: App, deps: Deps) {
  app.get(
    '/api/tasks',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['tasks'],
        summary: "A record's tasks: open ones by due date, then done ones",
        querystring: TaskListQuery,
        response: { 200: page(Task), ...errorResponses(400, 401, 404) },
      },
    },
    (req) => service.listTasks(deps, ctx(req), req.query),
  );

  app.get(
    '/api/tasks/mine',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['tasks'],
        summary:
          'Tasks assigned to me on records I can see (status open|done|all; due overdue|today|week)',
        querystring: MyTasksQuery,
        response: { 200: page(Task), ...errorResponses(400, 401) },
      },
    },
    (req) => service.myTasks(deps, ctx(req), req.query),
  );

  app.post(
    '/api/tasks',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['tasks'],
        summary:
          'Add a task to a record; the assignee (the creator by default) must be able to see the record and is notified',
        body: CreateTaskInput,
        response: { 201: Task, ...errorResponses(400, 401, 404, 422) },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await service.createTask(deps, ctx(req), req.body)),
  );

  app.patch(
    '/api/tasks/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['tasks'],
        summary:
          'Change, complete (done: true) or reopen a task (its creator, assignee or an administrator)',
        params: IdParams,
        body: UpdateTaskInput,
        response: { 200: Task, ...errorResponses(400, 401, 403, 404, 409, 422, 428) },
      },
    },
    (req) => {
      const { version, ...changes } = req.body;
      return service.updateTask(
        deps,
        ctx(req),
        req.params.id,
        expectedVersion(version, req.headers['if-match']),
        changes,
      );
    },
  );

  app.delete(
    '/api/tasks/:id',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['tasks'],
        summary: 'Delete a task (its creator or an administrator)',
        params: IdParams,
        response: { 204: z.null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (req, reply) => {
      await service.deleteTask(deps, ctx(req), req.params.id);
      return reply.status(204).send(null);
    },
  );
}
