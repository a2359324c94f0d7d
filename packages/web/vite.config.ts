import { defineConfig } from 'vite';

// The player is served by the Runnel server from dist/. `npm run dev -w @runnel/web` proxies
// the API to a server on :4533.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    chunkSizeWarningLimit: 600,
    rollupOptions: {
      // React Query marks its modules "use client"; meaningless in a plain SPA bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:4533', ws: true }, '/rest': 'http://127.0.0.1:4533' } },
});
