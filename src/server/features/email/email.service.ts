import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { Config } from '../../config';
import type { DB } from '../../db/types';
import { validation } from '../../http/errors';
import { enqueue } from '../../jobs/queue';
import { defineJob, PermanentJobError, type JobDefinition, type Logger } from '../../jobs/registry';
import * as repo from './email.repo';
import { renderEmail, type TemplateData, type TemplateName } from './email.templates';
import { createEmailTransport, type EmailTransport } from './email.transport';

export const EMAIL_SEND_JOB = 'email.send';

export type QueueEmailInput = {
  [K in TemplateName]: { to: string; template: K; data: TemplateData<K> };
}[TemplateName];

const Recipient = z.email().max(254);

/**
 * Renders an email into the outbox and enqueues its delivery, both on the given handle: inside a
 * transaction, the email exists only if the change that caused it commits. Returns the outbox id.
 */
export async function queueEmail(
  db: Kysely<DB> | Transaction<DB>,
  input: QueueEmailInput,
): Promise<string> {
  if (!Recipient.safeParse(input.to).success) {
    throw validation({ to: 'must be a valid email address' });
  }
  const rendered = renderEmail(input.template, input.data);
  const { id } = await repo.insertOutbox(db, {
    to: input.to,
    template: input.template,
    ...rendered,
  });
  await enqueue(db, EMAIL_SEND_JOB, { outboxId: id }, { id: `email:${id}` });
  return id;
}

export type EmailJobDeps = {
  db: Kysely<DB>;
  config: Pick<Config, 'email' | 'publicUrl'>;
  logger: Logger;
  transport?: EmailTransport;
};

export function createEmailJobs(deps: EmailJobDeps): JobDefinition[] {
  const { db, config } = deps;
  const transport = deps.transport ?? createEmailTransport(config.email, deps.logger);
  const domain = messageIdDomain(config);

  const send = defineJob({
    name: EMAIL_SEND_JOB,
    payload: z.object({ outboxId: z.uuid() }),
    // With the default backoff, ten attempts span about three hours: enough for an SMTP outage.
    maxAttempts: 10,
    timeoutMs: 60_000,
    run: async ({ outboxId }, ctx) => {
      const row = await repo.findOutbox(db, outboxId);
      if (!row) throw new PermanentJobError(`Email ${outboxId} is not in the outbox`);
      // Jobs run at least once; the outbox row is what makes a second run harmless.
      if (row.status === 'sent') {
        ctx.logger.info({ outboxId }, 'Email already sent; nothing to do');
        return;
      }
      const messageId = `<${outboxId}@${domain}>`;
      const before = await repo.startAttempt(db, outboxId, messageId);
      if (before && before.attempts > 0 && before.lastError === null) {
        ctx.logger.warn(
          { outboxId, messageId },
          'A previous delivery attempt ended without a result; resending with the same Message-ID',
        );
      }
      try {
        await transport.send({
          from: config.email.from,
          to: row.to_address,
          subject: row.subject,
          text: row.text_body,
          html: row.html_body,
          messageId,
        });
      } catch (err) {
        const final = ctx.attempt >= ctx.maxAttempts;
        await repo.recordFailure(db, outboxId, describe(err), final);
        throw err;
      }
      // Right after acceptance: the window in which a crash causes a resend stays this small.
      await repo.markSent(db, outboxId);
      ctx.logger.info({ outboxId, transport: transport.kind }, 'Email sent');
    },
  });

  return [send];
}

/** The domain of the From address (or of the public URL), for Message-IDs. */
function messageIdDomain(config: Pick<Config, 'email' | 'publicUrl'>): string {
  const match = /@([^\s<>@]+)>?\s*$/.exec(config.email.from);
  if (match?.[1]) return match[1].toLowerCase();
  try {
    return new URL(config.publicUrl).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}
