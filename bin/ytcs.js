#!/usr/bin/env node
// The `ytcs` command: runs the compiled CLI (npm run build:server makes dist/).
import { existsSync } from 'node:fs';
const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('ytcs is not built yet: run `npm run build` first.');
  process.exit(1);
}
await import(entry.href);
