/**
 * What one version of a visit stores (its JSON document): declared once with the module's contracts,
 * which the web app shares.
 */
export { visitDocument, type VisitDocument } from './contracts.js';
