import { describe, expect, it } from 'vitest';
import { escapeHtml, renderEmail } from './email.templates';

const link = 'https://conduit.example/set-password?token=inv_abc&x=1';

describe('email templates', () => {
  it('renders an invitation as subject, text and HTML', () => {
    const email = renderEmail('invitation', {
      name: 'Ada Lovelace',
      inviterName: 'Grace Hopper',
      link,
      expiresAt: '2026-03-10T09:30:00.000Z',
    });
    expect(email.subject).toBe('Grace Hopper invited you to Conduit');
    expect(email.text).toContain('Hello Ada Lovelace,');
    expect(email.text).toContain(link);
    expect(email.text).toContain('expires on 2026-03-10 09:30 UTC');
    expect(email.html).toContain(`href="${escapeHtml(link)}"`);
    expect(email.html).toContain('https://conduit.example/set-password?token=inv_abc&amp;x=1');
  });

  it('escapes every interpolated value in HTML and keeps names on one line', () => {
    const email = renderEmail('invitation', {
      name: '<img src=x onerror=alert(1)>',
      inviterName: 'Eve "the" <b>boss</b>\r\nBcc: victim@example.test',
      link,
      expiresAt: new Date('2026-03-10T09:30:00Z'),
    });
    expect(email.html).not.toContain('<img');
    expect(email.html).not.toContain('<b>');
    expect(email.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(email.html).toContain('Eve &quot;the&quot; &lt;b&gt;boss&lt;/b&gt;');
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toBe(
      'Eve "the" <b>boss</b> Bcc: victim@example.test invited you to Conduit',
    );
  });

  it('refuses links that are not absolute http(s) URLs', () => {
    const data = { name: 'A', expiresAt: new Date() };
    expect(() => renderEmail('invitation', { ...data, link: 'javascript:alert(1)' })).toThrow(
      /http/,
    );
    expect(() => renderEmail('invitation', { ...data, link: '/set-password' })).toThrow(/absolute/);
  });

  it('renders password_changed without an inviter', () => {
    const email = renderEmail('password_changed', {
      name: 'Ada',
      changedAt: '2026-03-10T09:30:00Z',
    });
    expect(email.subject).toBe('Your Conduit password was changed');
    expect(email.text).toContain('2026-03-10 09:30 UTC');
    expect(email.html).toContain('<p>Hello Ada,</p>');
  });
});
