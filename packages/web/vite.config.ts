import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { build, defineConfig, type Plugin } from 'vite';

/**
 * Builds the service worker (src/offline/sw.ts) after the player, as one classic script at
 * dist/sw.js, with the list of this build's files to store (the shell) and a version that
 * changes with them: a new build installs a new worker, which replaces the old shell.
 */
function serviceWorker(): Plugin {
  return {
    name: 'runnel-service-worker',
    apply: 'build',
    async closeBundle() {
      const assets = readdirSync('dist/assets')
        .filter((name) => !name.endsWith('.map'))
        .map((name) => `/assets/${name}`);
      const files = ['/', '/manifest.webmanifest', ...readdirSync('dist/icons').map((name) => `/icons/${name}`), ...assets];
      const version = createHash('sha256').update(readFileSync('dist/index.html')).update(files.join('\n')).digest('hex').slice(0, 16);
      await build({
        configFile: false,
        logLevel: 'warn',
        publicDir: false,
        define: { __SHELL_FILES__: JSON.stringify(files), __SHELL_VERSION__: JSON.stringify(version) },
        build: {
          outDir: 'dist',
          emptyOutDir: false,
          sourcemap: true,
          target: 'es2022',
          lib: { entry: 'src/offline/sw.ts', formats: ['es'], fileName: () => 'sw.js' },
        },
      });
    },
  };
}

// The player is served by the Runnel server from dist/. `npm run dev -w @runnel/web` proxies
// the API to a server on :4533.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    // react-intl with its ICU parser adds about 100 kB (30 kB gzipped) to the player's 560.
    chunkSizeWarningLimit: 700,
    rollupOptions: {
      // React Query marks its modules "use client"; meaningless in a plain SPA bundle.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  plugins: [serviceWorker()],
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/api': { target: 'http://127.0.0.1:4533', ws: true }, '/rest': 'http://127.0.0.1:4533' } },
});
