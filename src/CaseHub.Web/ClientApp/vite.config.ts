/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The ASP.NET Core host (CaseHub.Web) serves the build from wwwroot; in development
// `npm run dev` proxies the server's routes to the app on its default port.
const backend = process.env.CASEHUB_BACKEND ?? 'http://127.0.0.1:5080';
const proxied = ['/api', '/open311', '/openapi', '/health', '/hubs'];

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: '../wwwroot',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: Object.fromEntries(
      proxied.map((path) => [path, { target: backend, changeOrigin: false, ws: path === '/hubs' }]),
    ),
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    // A bound on a hung test, not a speed target: a test that opens antd drawers and types into them took 4–6 s in
    // jsdom while the .NET suite used both cores, past vitest's default of 5 s.
    testTimeout: 20_000,
  },
});
