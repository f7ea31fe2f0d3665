// The public face of the sync module (đồng bộ ngoại tuyến, docs/adr/0033): the pull and push a device
// uses, for the CLI, the benches and tests.
export { pull } from './pull.js';
export { push } from './push.js';
export { settledHorizon } from './horizon.js';
