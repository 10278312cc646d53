import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/** The dashboard: built from web/ into web/dist, which the server serves at /. */
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed names under /assets/: the server caches them for a year, immutable.
    assetsDir: 'assets',
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
    // The chart chunk (ECharts, loaded on the first chart) is the one big file; build.ts reports the first load.
    chunkSizeWarningLimit: 700,
  },
  server: {
    // `vite` in web/ for development, with the API of a server running on 7300.
    proxy: { '/api': 'http://127.0.0.1:7300', '/v1': 'http://127.0.0.1:7300' },
  },
});
