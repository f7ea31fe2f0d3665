/** The shapes of the 831 record (records/contracts.ts), at the path the web app and others import. */
export * from './records/contracts.js';
