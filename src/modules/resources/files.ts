// The administrator's uploads (equipment list, ethnic-minority communes) are read by core's reader.
export { recordsOfFile } from '../../core/upload-records.js';
