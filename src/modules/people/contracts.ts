/**
 * The people module's contracts (docs/adr/0001): the input and output shapes of its routes, shared
 * with the web app, gathered from its parts. Contract files import no database or server code.
 */
export * from './identity.js';
export * from './residents/contracts.js';
export * from './households/contracts.js';
export * from './cards/contracts.js';
export * from './records/contracts.js';
export * from './events/contracts.js';
export * from './duplicates/contracts.js';
export * from './coverage/contracts.js';
