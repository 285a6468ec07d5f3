import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../tests/support/db';
import type { Config } from '../../config';
import type { Database } from '../../db/connection';
import { AppError } from '../../http/errors';
import { getJob } from '../../jobs/queue';
import { memoryLogger } from '../../jobs/test-logger';
import { startWorker } from '../../jobs/worker';
import { findOutbox } from './email.repo';
import { createEmailJobs, queueEmail } from './email.service';
import { createLogTransport } from './email.transport';

type Received = { mailFrom: string; rcptTo: string[]; raw: string };

let database: Database;
let smtp: SMTPServer;
let port = 0;
const received: Received[] = [];
let rejectRecipients = false;

beforeAll(async () => {
  database = await freshDatabase();
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!rejectRecipients) return callback();
      const err = Object.assign(new Error('Mailbox busy, try later'), { responseCode: 450 });
      callback(err);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  port = (smtp.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await database?.close();
});

beforeEach(async () => {
  received.length = 0;
  rejectRecipients = false;
  await database.db.deleteFrom('jobs').execute();
  await database.db.deleteFrom('email_outbox').execute();
});

const smtpConfig = (): Pick<Config, 'email' | 'publicUrl'> => ({
  publicUrl: 'https://conduit.example',
  email: {
    transport: 'smtp',
    from: 'Conduit <no-reply@conduit.example>',
    smtp: { host: '127.0.0.1', port, secure: false, user: undefined, password: undefined },
  },
});

const invitation = (to = 'ada@partner.example') =>
  ({
    to,
    template: 'invitation',
    data: {
      name: 'Ada <Lovelace>',
      inviterName: 'Grace Hopper',
      link: 'https://conduit.example/set-password?token=inv_secret123',
      expiresAt: '2026-03-10T09:30:00.000Z',
    },
  }) as const;

function smtpWorker(logger = memoryLogger()) {
  const jobs = createEmailJobs({ db: database.db, config: smtpConfig(), logger });
  return startWorker({ db: database.db, jobs, pollMs: 1000, logger, loop: false });
}

/** Just enough MIME to read a nodemailer message: headers plus text and HTML parts, decoded. */
function parseMessage(raw: string) {
  const [head = '', ...rest] = raw.split(/\r\n\r\n/);
  const body = rest.join('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  const boundary = /boundary="?([^";]+)"?/.exec(headers.get('content-type') ?? '')?.[1];
  const parts: Record<string, string> = {};
  for (const part of boundary ? body.split(`--${boundary}`) : []) {
    const [partHead = '', ...partRest] = part.split(/\r\n\r\n/);
    const type = /content-type:\s*([^;\r\n]+)/i.exec(partHead)?.[1]?.trim();
    if (!type) continue;
    const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(partHead)?.[1]?.toLowerCase();
    let content = partRest.join('\r\n\r\n').replace(/\r\n$/, '');
    if (encoding === 'quoted-printable') {
      content = Buffer.from(
        content
          .replace(/=\r\n/g, '')
          .replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
        'latin1',
      ).toString('utf8');
    } else if (encoding === 'base64') {
      content = Buffer.from(content.replace(/\s+/g, ''), 'base64').toString('utf8');
    }
    parts[type] = content;
  }
  return { headers, text: parts['text/plain'] ?? '', html: parts['text/html'] ?? '' };
}

describe('email over SMTP', () => {
  it('queueEmail → worker → SMTP server; the outbox row ends up sent, and nothing is sent twice', async () => {
    const { db } = database;
    const worker = smtpWorker();
    const outboxId = await queueEmail(db, invitation());

    const pending = await findOutbox(db, outboxId);
    expect(pending).toMatchObject({
      status: 'pending',
      to_address: 'ada@partner.example',
      template: 'invitation',
    });
    expect(await getJob(db, `email:${outboxId}`)).toMatchObject({
      name: 'email.send',
      payload: { outboxId },
    });

    expect(await worker.runOnce()).toBe(1);
    expect(received).toHaveLength(1);
    const [message] = received;
    expect(message?.mailFrom).toBe('no-reply@conduit.example');
    expect(message?.rcptTo).toEqual(['ada@partner.example']);
    const parsed = parseMessage(message!.raw);
    expect(parsed.headers.get('to')).toBe('ada@partner.example');
    expect(parsed.headers.get('subject')).toBe('Grace Hopper invited you to Conduit');
    expect(parsed.headers.get('message-id')).toBe(`<${outboxId}@conduit.example>`);
    expect(parsed.text).toContain('Hello Ada <Lovelace>,');
    expect(parsed.text).toContain('https://conduit.example/set-password?token=inv_secret123');
    expect(parsed.html).toContain('Hello Ada &lt;Lovelace&gt;,');
    expect(parsed.html).toContain(
      'href="https://conduit.example/set-password?token=inv_secret123"',
    );

    const sent = await findOutbox(db, outboxId);
    expect(sent).toMatchObject({
      status: 'sent',
      attempts: 1,
      last_error: null,
      message_id: `<${outboxId}@conduit.example>`,
    });
    expect(sent?.sent_at).toBeInstanceOf(Date);
    expect(await getJob(db, `email:${outboxId}`)).toMatchObject({ status: 'succeeded' });

    expect(await worker.runOnce()).toBe(0);
    expect(received).toHaveLength(1);
    await worker.stop();
  });

  it('a duplicate delivery job for an email already sent sends nothing', async () => {
    const { db } = database;
    const worker = smtpWorker();
    const outboxId = await queueEmail(db, invitation());
    await worker.runOnce();
    // queueEmail's own job id is deterministic; a stray re-enqueue under another id still
    // must not send twice (at-least-once jobs, exactly-once email as far as we can tell).
    await db
      .insertInto('jobs')
      .values({ id: 'stray', name: 'email.send', payload: JSON.stringify({ outboxId }) })
      .execute();
    expect(await worker.runOnce()).toBe(1);
    expect(received).toHaveLength(1);
    expect(await getJob(db, 'stray')).toMatchObject({ status: 'succeeded' });
    await worker.stop();
  });

  it('records a rejection on the outbox row and retries the job later', async () => {
    const { db } = database;
    const worker = smtpWorker();
    rejectRecipients = true;
    const outboxId = await queueEmail(db, invitation());

    expect(await worker.runOnce()).toBe(1);
    expect(received).toHaveLength(0);
    const failed = await findOutbox(db, outboxId);
    expect(failed).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed?.last_error).toMatch(/450 Mailbox busy, try later/);
    const job = (await getJob(db, `email:${outboxId}`))!;
    expect(job).toMatchObject({ status: 'queued', attempts: 1 });
    expect(job.last_error).toMatch(/Mailbox busy/);
    expect(job.run_at.getTime()).toBeGreaterThan(Date.now());
    expect(await worker.runOnce()).toBe(0);

    rejectRecipients = false;
    await db
      .updateTable('jobs')
      .set({ run_at: sql`now()` })
      .execute();
    expect(await worker.runOnce()).toBe(1);
    expect(received).toHaveLength(1);
    expect(await findOutbox(db, outboxId)).toMatchObject({
      status: 'sent',
      attempts: 2,
      last_error: null,
    });
    await worker.stop();
  });

  it('marks the outbox row failed when the last attempt fails', async () => {
    const { db } = database;
    const worker = smtpWorker();
    rejectRecipients = true;
    const outboxId = await queueEmail(db, invitation());
    await db.updateTable('jobs').set({ max_attempts: 1 }).execute();
    expect(await worker.runOnce()).toBe(1);
    expect(await findOutbox(db, outboxId)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(await getJob(db, `email:${outboxId}`)).toMatchObject({ status: 'failed' });
    await worker.stop();
  });

  it('warns when a previous attempt died mid-send, and resends with the same Message-ID', async () => {
    const { db } = database;
    const logger = memoryLogger();
    const worker = smtpWorker(logger);
    const outboxId = await queueEmail(db, invitation());
    // As a crashed attempt leaves it: started, no error, not marked sent.
    await db.updateTable('email_outbox').set({ attempts: 1 }).where('id', '=', outboxId).execute();
    expect(await worker.runOnce()).toBe(1);
    expect(received).toHaveLength(1);
    expect(parseMessage(received[0]!.raw).headers.get('message-id')).toBe(
      `<${outboxId}@conduit.example>`,
    );
    expect(
      logger.entries.some((e) => e.level === 'warn' && /same Message-ID/.test(e.msg ?? '')),
    ).toBe(true);
    await worker.stop();
  });
});

describe('queueEmail', () => {
  it('joins the caller transaction: rolled back, nothing is queued', async () => {
    const { db } = database;
    await expect(
      db.transaction().execute(async (trx) => {
        await queueEmail(trx, invitation());
        throw new Error('user creation failed');
      }),
    ).rejects.toThrow('user creation failed');
    expect(await db.selectFrom('email_outbox').selectAll().execute()).toHaveLength(0);
    expect(await db.selectFrom('jobs').selectAll().execute()).toHaveLength(0);

    const id = await db.transaction().execute((trx) => queueEmail(trx, invitation()));
    expect(await findOutbox(db, id)).toBeDefined();
    expect(await getJob(db, `email:${id}`)).toBeDefined();
  });

  it('refuses an invalid recipient', async () => {
    await expect(
      queueEmail(database.db, invitation('not an email\r\nBcc: x@y.z')),
    ).rejects.toBeInstanceOf(AppError);
  });
});

describe('log transport', () => {
  it('logs recipient and subject at info, and the body (a secret link) only at debug', async () => {
    const { db } = database;
    const logger = memoryLogger();
    const jobs = createEmailJobs({
      db,
      config: { ...smtpConfig(), email: { ...smtpConfig().email, transport: 'log' } },
      logger,
      transport: createLogTransport(logger),
    });
    const worker = startWorker({ db, jobs, pollMs: 1000, logger, loop: false });
    const outboxId = await queueEmail(db, invitation());
    expect(await worker.runOnce()).toBe(1);
    expect(received).toHaveLength(0);
    expect(await findOutbox(db, outboxId)).toMatchObject({ status: 'sent' });

    const mentionsSecret = (e: { obj: object; msg?: string }) =>
      JSON.stringify(e).includes('inv_secret123');
    const info = logger.entries.find((e) => e.msg === 'Email (log transport, not sent)');
    expect(info?.level).toBe('info');
    expect(info?.obj).toMatchObject({
      to: 'ada@partner.example',
      subject: 'Grace Hopper invited you to Conduit',
    });
    expect(logger.entries.filter(mentionsSecret).map((e) => e.level)).toEqual(['debug']);
    await worker.stop();
  });
});
