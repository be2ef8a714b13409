import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The app is served by the JSMS server itself (same origin, strict CSP), so nothing is inlined as
// a data: URL and nothing is fetched from another host.
export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1500,
    target: 'es2022',
    // The build's own timing report is for bundler developers; `npm start` stays quiet.
    rolldownOptions: { checks: { pluginTimings: false } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
