import { createTransport as createNodemailerTransport } from 'nodemailer';
import type { Config } from '../../config';
import type { Logger } from '../../jobs/registry';

export type OutgoingEmail = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<outbox-id@domain>`: the same on every retry, so receivers can spot a duplicate. */
  messageId: string;
};

export type SendResult = { messageId: string; response?: string };

export type EmailTransport = {
  readonly kind: string;
  /** Resolves once the message is accepted for delivery; rejects otherwise. */
  send(message: OutgoingEmail): Promise<SendResult>;
  close?(): void;
};

/**
 * Development default: nothing leaves the machine. Bodies can hold secret links (invitations),
 * so they are logged at debug level only.
 */
export function createLogTransport(logger: Logger): EmailTransport {
  return {
    kind: 'log',
    async send(message) {
      logger.info(
        { to: message.to, subject: message.subject, messageId: message.messageId },
        'Email (log transport, not sent)',
      );
      logger.debug(
        { to: message.to, messageId: message.messageId, text: message.text },
        'Email body (log transport)',
      );
      return { messageId: message.messageId };
    },
  };
}

export function createSmtpTransport(smtp: Config['email']['smtp']): EmailTransport {
  const transporter = createNodemailerTransport({
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    auth: smtp.user ? { user: smtp.user, pass: smtp.password ?? '' } : undefined,
    // Never send credentials in clear text: with a login, plain connections must upgrade.
    requireTLS: Boolean(smtp.user) && !smtp.secure,
    // A hung server must fail the attempt (and be retried), not hold the job until its timeout.
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // Message content never names files or URLs to embed; refuse them outright.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return {
    kind: 'smtp',
    async send(message) {
      const info = await transporter.sendMail({
        from: message.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        messageId: message.messageId,
      });
      if (info.rejected.length > 0) {
        throw new Error(
          `SMTP server rejected ${info.rejected.length} recipient(s): ${info.response}`,
        );
      }
      return { messageId: info.messageId, response: info.response };
    },
    close: () => transporter.close(),
  };
}

export function createEmailTransport(email: Config['email'], logger: Logger): EmailTransport {
  return email.transport === 'smtp' ? createSmtpTransport(email.smtp) : createLogTransport(logger);
}
