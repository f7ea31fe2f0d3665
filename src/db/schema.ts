// Every module's tables, in one place for Drizzle (queries and drizzle-kit migrations).
export * from '../modules/terminology/schema.js';
export * from '../modules/network/schema.js';
export * from '../modules/accounts/schema.js';
export * from '../modules/audit/schema.js';
export * from '../modules/people/schema.js';
export * from '../modules/indicators/schema.js';
export * from '../modules/visits/schema.js';
export * from '../modules/ncd/schema.js';
export * from '../modules/growth/schema.js';
export * from '../modules/maternal/schema.js';
export * from '../modules/immunization/schema.js';
export * from '../modules/criteria/schema.js';
export * from '../modules/satisfaction/schema.js';
export * from '../modules/familydoctor/schema.js';
