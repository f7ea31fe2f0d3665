/**
 * The people module's tables, each declared by the part that owns it; this file gathers them for
 * src/db/schema.ts and drizzle-kit (docs/adr/0020: a module owns the tables its schemas declare).
 */
export * from './households/schema.js';
export * from './residents/schema.js';
export * from './cards/schema.js';
export * from './events/schema.js';
export * from './records/schema.js';
export * from './duplicates/schema.js';
export * from './import/schema.js';
