import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://localhost:${PORT}`;

// A fresh database per run: the demo data loads only into an empty data directory. Set once in
// the runner process, so worker processes (which re-read this file) agree on the same directory.
process.env.CONDUIT_E2E_DATA_DIR ??= path.resolve('test-results', `e2e-data-${Date.now()}`);

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e-artifacts',
  fullyParallel: false,
  // The embedded database serializes writes; one worker keeps timings predictable.
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: BASE_URL,
    viewport: { width: 1280, height: 720 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'en-GB',
    timezoneId: 'UTC',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 1280, height: 720 },
        // Debian's Chromium: nothing is downloaded at test time.
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
  ],
  webServer: {
    command: 'npm start',
    url: `${BASE_URL}/api/health`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: 'ignore',
    stderr: 'pipe',
    env: {
      PORT: String(PORT),
      CONDUIT_DATA_DIR: process.env.CONDUIT_E2E_DATA_DIR,
      CONDUIT_DEMO: '1',
      LOG_LEVEL: 'warn',
      // Every spec logs in through the form; the default per-account limit is tuned for attackers,
      // not for a test suite that signs the same demo users in many times.
      CONDUIT_LOGIN_MAX_PER_ACCOUNT: '200',
    },
  },
});
