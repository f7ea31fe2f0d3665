// The public face of the surveillance module (giám sát bệnh truyền nhiễm, truyền thông giáo dục sức
// khỏe, sổ tử vong; issue 18 items 3–5, docs/adr/0029): other modules, the demo and the CLI call these,
// never its tables.
/** Case reports and their alerts. */
export { getCase, listCases, reportCase, residentCases, updateCase } from './cases.js';
export { actOnAlert, listAlerts, getAlert } from './alerts.js';
export { weeklyCounts } from './weekly.js';
/** The notifiable diseases and education formats as versioned data (reference/surveillance), loaded at migrate. */
export { diseasesOn, formatsOn, loadSurveillanceDefinitions } from './definitions.js';
/** Health education (A11) and deaths (A6). */
export { createCampaign, createSession, listCampaigns, listSessions, registerA11 } from './education.js';
export { registerA6 } from './deaths.js';
/** The worklist's due items: `surveillance.alert_case` (src/core/worklist.ts). */
export { surveillanceDueItems } from './worklist.js';
/** The demo's bulk writer (history without alerts). */
export { insertCasesBulk, type BulkCase } from './bulk.js';
export { isoWeek, weekStart, weekLabel } from './contracts.js';
