// The public face of the plans module (kế hoạch, sơ kết, tổng kết): a province's plans with targets
// linked to the indicator catalogue, their progress and reviews; the shipped plan for the demo.
export { createPlan, getPlan, listPlans, planProgress, targetResult, updatePlan } from './service.js';
export { reviewPdf, reviewWorkbook } from './review.js';
export { planTemplate } from './template.js';
