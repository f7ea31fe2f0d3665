// Every module's tables, in one place for Drizzle (queries and drizzle-kit migrations).
export * from '../modules/terminology/schema.js';
export * from '../modules/network/schema.js';
export * from '../modules/accounts/schema.js';
export * from '../modules/audit/schema.js';
export * from '../modules/people/schema.js';
export * from '../modules/indicators/schema.js';
export * from '../modules/visits/schema.js';
