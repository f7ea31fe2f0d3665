// The public face of the exchange module (trao đổi số liệu tổng hợp, docs/adr/0034): the start loads
// the mapping lists; the exports and the import mapping are HTTP only (routes.ts). It reads the
// indicators' values through indicators' index.ts; no module imports it.
export { loadExchangeMappings, mappingOn, type Mapping } from './mapping.js';
