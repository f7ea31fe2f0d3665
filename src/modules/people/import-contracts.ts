/** The shapes of imports from a file (import/contracts.ts), at the path the web app and the CLI import. */
export * from './import/contracts.js';
