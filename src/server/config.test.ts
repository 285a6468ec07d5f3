import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('loadConfig', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      demo: false,
      secureCookies: false,
      publicUrl: 'http://localhost:3000',
    });
    expect(c.dataDir).toMatch(/\/data$/);
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({
        PORT: '99999',
        DATABASE_URL: 'mysql://x',
        CONDUIT_DEMO: 'maybe',
        CONDUIT_ADMIN_EMAIL: 'a@b.test',
      });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      for (const name of ['PORT', 'DATABASE_URL', 'CONDUIT_DEMO', 'CONDUIT_ADMIN_PASSWORD'])
        expect(problems).toContain(name);
    }
  });

  it('marks cookies Secure when served over https', () => {
    expect(loadConfig({ CONDUIT_PUBLIC_URL: 'https://prm.example.com/' })).toMatchObject({
      secureCookies: true,
      publicUrl: 'https://prm.example.com',
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ DATABASE_URL: '', PORT: '' })).toMatchObject({
      databaseUrl: undefined,
      port: 3000,
    });
  });

  it('refuses an admin password shorter than the policy', () => {
    expect(() =>
      loadConfig({ CONDUIT_ADMIN_EMAIL: 'a@b.test', CONDUIT_ADMIN_PASSWORD: 'short' }),
    ).toThrow(/CONDUIT_ADMIN_PASSWORD/);
  });
});
