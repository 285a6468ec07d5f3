/**
 * Every email Conduit sends is one template: a function from typed data to subject, plain text
 * and HTML. Interpolated values are user-controlled (names!), so HTML output escapes every one of
 * them and single-line fields are flattened so a name cannot forge extra lines or headers.
 */

export type RenderedEmail = { subject: string; text: string; html: string };

export type InvitationData = {
  name: string;
  inviterName?: string;
  /** Contains a secret, single-use token. */
  link: string;
  expiresAt: Date | string;
};

export type PasswordChangedData = {
  name: string;
  changedAt: Date | string;
};

const PRODUCT = 'Conduit';

export function escapeHtml(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Collapses control characters (CR/LF included) so a value stays on its line. */
function line(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
}

/** Only absolute http(s) links reach an email: no `javascript:` or `data:` hrefs (ASVS 1.2.2). */
function safeLink(link: string): string {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    throw new Error('Email link must be an absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('Email link must use http or https');
  }
  return url.href;
}

function utc(value: Date | string): string {
  const d = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(d.getTime())) throw new Error(`Invalid date in email data: ${String(value)}`);
  const iso = d.toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** One shared, inline-styled frame: mail clients ignore stylesheets. `body` is already escaped. */
function layout(title: string, body: string): string {
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title></head>`,
    '<body style="margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2937">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">',
    body,
    `<p style="margin-top:32px;font-size:12px;color:#6b7280">${PRODUCT}</p>`,
    '</div></body></html>',
  ].join('\n');
}

function button(href: string, label: string): string {
  return (
    `<p style="margin:24px 0"><a href="${escapeHtml(href)}" ` +
    'style="background:#2563eb;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">' +
    `${escapeHtml(label)}</a></p>`
  );
}

export function invitation(data: InvitationData): RenderedEmail {
  const name = line(data.name);
  const inviter = data.inviterName ? line(data.inviterName) : undefined;
  const link = safeLink(data.link);
  const expires = utc(data.expiresAt);
  const subject = inviter
    ? `${inviter} invited you to ${PRODUCT}`
    : `You are invited to ${PRODUCT}`;
  const intro = inviter
    ? `${inviter} has invited you to ${PRODUCT}.`
    : `You have been invited to ${PRODUCT}.`;
  const text = [
    `Hello ${name},`,
    '',
    intro,
    'Choose a password to activate your account:',
    '',
    link,
    '',
    `This link can be used once and expires on ${expires}.`,
    'If you did not expect this invitation, you can ignore this email.',
  ].join('\n');
  const html = layout(
    subject,
    [
      `<p>Hello ${escapeHtml(name)},</p>`,
      `<p>${escapeHtml(intro)}<br>Choose a password to activate your account:</p>`,
      button(link, 'Set your password'),
      `<p style="font-size:13px;color:#4b5563">Or paste this link into your browser:<br>` +
        `<a href="${escapeHtml(link)}" style="color:#2563eb;word-break:break-all">${escapeHtml(link)}</a></p>`,
      `<p style="font-size:13px;color:#4b5563">This link can be used once and expires on ${escapeHtml(expires)}. ` +
        'If you did not expect this invitation, you can ignore this email.</p>',
    ].join('\n'),
  );
  return { subject, text, html };
}

export function passwordChanged(data: PasswordChangedData): RenderedEmail {
  const name = line(data.name);
  const when = utc(data.changedAt);
  const subject = `Your ${PRODUCT} password was changed`;
  const text = [
    `Hello ${name},`,
    '',
    `The password of your ${PRODUCT} account was changed on ${when}.`,
    'If this was not you, contact your administrator immediately.',
  ].join('\n');
  const html = layout(
    subject,
    [
      `<p>Hello ${escapeHtml(name)},</p>`,
      `<p>The password of your ${PRODUCT} account was changed on ${escapeHtml(when)}.</p>`,
      '<p>If this was not you, contact your administrator immediately.</p>',
    ].join('\n'),
  );
  return { subject, text, html };
}

export type ApplicationReceivedData = { name: string; businessName: string };

export function applicationReceived(data: ApplicationReceivedData): RenderedEmail {
  const name = line(data.name);
  const business = line(data.businessName);
  const subject = `We received your partner application`;
  const text = [
    `Hello ${name},`,
    '',
    `Thank you for applying to become a partner on behalf of ${business}.`,
    'Our channel team reviews every application personally and will get back to you by email,',
    'usually within a few business days.',
    '',
    'If you did not send this application, you can ignore this email.',
  ].join('\n');
  const html = layout(
    subject,
    [
      `<p>Hello ${escapeHtml(name)},</p>`,
      `<p>Thank you for applying to become a partner on behalf of <strong>${escapeHtml(business)}</strong>.</p>`,
      '<p>Our channel team reviews every application personally and will get back to you by ' +
        'email, usually within a few business days.</p>',
      '<p style="font-size:13px;color:#4b5563">If you did not send this application, you can ignore this email.</p>',
    ].join('\n'),
  );
  return { subject, text, html };
}

export type ApplicationDeclinedData = { name: string; businessName: string; reason: string };

/** The reason is the reviewer's own words; its line breaks are kept, its markup is not. */
export function applicationDeclined(data: ApplicationDeclinedData): RenderedEmail {
  const name = line(data.name);
  const business = line(data.businessName);
  const reason = data.reason
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0009\u000b-\u001f\u007f]/g, ' ')
    .trim();
  const subject = 'About your partner application';
  const text = [
    `Hello ${name},`,
    '',
    `Thank you for your interest in partnering with us and for the time you took to apply on behalf of ${business}.`,
    'After careful review, we are not able to accept the application at this time.',
    '',
    'The reviewer’s explanation:',
    '',
    ...reason.split('\n').map((l) => `> ${l}`),
    '',
    'Circumstances change, and you are welcome to apply again in the future.',
  ].join('\n');
  const html = layout(
    subject,
    [
      `<p>Hello ${escapeHtml(name)},</p>`,
      `<p>Thank you for your interest in partnering with us and for the time you took to apply on behalf of <strong>${escapeHtml(business)}</strong>.</p>`,
      '<p>After careful review, we are not able to accept the application at this time.</p>',
      '<p style="margin-bottom:4px">The reviewer’s explanation:</p>',
      '<blockquote style="margin:0 0 16px;padding:8px 16px;border-left:3px solid #d1d5db;color:#374151">' +
        reason.split('\n').map(escapeHtml).join('<br>') +
        '</blockquote>',
      '<p>Circumstances change, and you are welcome to apply again in the future.</p>',
    ].join('\n'),
  );
  return { subject, text, html };
}

export const templates = {
  invitation,
  password_changed: passwordChanged,
  application_received: applicationReceived,
  application_declined: applicationDeclined,
};

export type TemplateName = keyof typeof templates;
export type TemplateData<K extends TemplateName> = Parameters<(typeof templates)[K]>[0];

export function renderEmail<K extends TemplateName>(
  template: K,
  data: TemplateData<K>,
): RenderedEmail {
  // TypeScript cannot correlate templates[K] with TemplateData<K>; the signature above does.
  const render = templates[template] as (d: TemplateData<K>) => RenderedEmail;
  return render(data);
}

export function isTemplateName(value: string): value is TemplateName {
  return Object.hasOwn(templates, value);
}
