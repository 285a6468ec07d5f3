import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const fromRoot = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  // The repository root is the Vite root (index.html lives there), so `npm start` can build the
  // app with nothing but this file.
  root: fromRoot('.'),
  publicDir: fromRoot('./src/web/public'),
  plugins: [react()],
  build: {
    outDir: fromRoot('./dist/web'),
    emptyOutDir: true,
    sourcemap: true,
  },
  server: {
    port: 5173,
    proxy: {
      // Keep the browser's Host header: the API refuses cookie-authenticated writes whose Origin
      // does not match the host they were sent to.
      '/api': {
        target: process.env.CONDUIT_API_URL ?? 'http://localhost:3000',
        changeOrigin: false,
      },
    },
  },
});
