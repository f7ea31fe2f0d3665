import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import presetMantine from 'postcss-preset-mantine';
import simpleVars from 'postcss-simple-vars';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// The app is served by the ytcs server at `/`; in development `vite` proxies the API to it.
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  css: {
    postcss: {
      plugins: [
        presetMantine(),
        simpleVars({
          variables: {
            'mantine-breakpoint-xs': '36em',
            'mantine-breakpoint-sm': '48em',
            'mantine-breakpoint-md': '62em',
            'mantine-breakpoint-lg': '75em',
            'mantine-breakpoint-xl': '88em',
          },
        }),
      ],
    },
  },
  build: {
    // YTCS_WEB_DIST: build elsewhere (two builds side by side on one checkout); the server reads it too.
    outDir: process.env.YTCS_WEB_DIST ?? 'dist',
    emptyOutDir: true,
    target: 'es2022',
    manifest: true,
    chunkSizeWarningLimit: 400,
    rollupOptions: {
      // zod's sources carry comments Rollup cannot place; harmless, and not ours to fix.
      onwarn(warning, warn) {
        if (warning.code === 'INVALID_ANNOTATION' && warning.id?.includes('/zod/')) return;
        warn(warning);
      },
      output: {
        // React changes least often: its own chunk stays cached between releases. The rest is split
        // by Rollup along the lazy routes, so the sign-in page loads only the components it uses.
        manualChunks(id) {
          if (/node_modules\/(react|react-dom|scheduler)\//.test(id)) return 'react';
          return undefined;
        },
      },
    },
  },
  server: {
    proxy: { '/api': process.env.YTCS_API ?? 'http://localhost:3000' },
  },
});
