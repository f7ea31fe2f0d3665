/**
 * Roles and what each may do: owned once, here, because every request's actor carries them
 * (core/actor.ts). The accounts module stores a user's role; the web app reads these through the
 * accounts contracts. Pure data: no database, no server code.
 */
export const ROLES = [
  'system_admin', // quản trị hệ thống
  'province_manager', // quản lý Sở Y tế
  'station_head', // trưởng trạm y tế
  'clinician', // y, bác sĩ tại trạm
  'village_health_worker', // nhân viên y tế thôn bản
  'auditor', // thanh tra / kiểm tra
] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = [
  'network.read',
  'network.write', // facilities
  'hamlets.write',
  'staff.write',
  'users.manage',
  'audit.read',
  'person.read',
  'person.write',
  'claims.export', // insurance claim XML and the station registers (A1)
  'schedule.manage', // load a new version of the immunization schedule (lịch tiêm chủng)
  'criteria.assess', // a commune's self-assessment against the national criteria (tự đánh giá tiêu chí)
  'criteria.review', // review and approve it (tuyến trên thẩm định, công nhận)
  'criteria.manage', // load a new version of the criteria
  'surveys.manage', // satisfaction survey links and results (khảo sát hài lòng)
  'familydoctor.manage', // family-doctor practices, their doctors and panels (bác sĩ gia đình)
  'resources.write', // a facility's building, beds and equipment inventory (cơ sở vật chất, trang thiết bị)
  'investment.manage', // investment projects and their disbursements (dự án đầu tư, giải ngân)
  'resources.manage', // load the equipment list and the ethnic-minority communes (danh mục, vùng DTTS)
  'plans.manage', // a province's plans, their targets and reviews (kế hoạch, sơ kết, tổng kết)
  'outbreak.respond', // acknowledge and close outbreak alerts (tiếp nhận, xử lý cảnh báo dịch; upper level)
  'system.backup', // a backup of the whole database while the server runs (sao lưu)
  'exchange.manage', // load the DHIS2 mapping lists of the aggregate exchange (bảng ánh xạ DHIS2)
  'vaccine_lots.manage', // a province's list of vaccine lots: load a file, add a lot (danh sách lô vắc xin)
  'privacy.review', // decide a person's request to erase their data (xử lý yêu cầu xóa dữ liệu cá nhân)
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  system_admin: PERMISSIONS,
  province_manager: [
    'privacy.review',
    'vaccine_lots.manage',
    'outbreak.respond',
    'criteria.review',
    'resources.write',
    'investment.manage',
    'plans.manage',
    'surveys.manage',
    'familydoctor.manage',
    'network.read',
    'network.write',
    'hamlets.write',
    'staff.write',
    'users.manage',
    'person.read',
    'claims.export',
  ],
  station_head: [
    'privacy.review',
    'criteria.assess',
    'resources.write',
    'surveys.manage',
    'familydoctor.manage',
    'network.read',
    'hamlets.write',
    'staff.write',
    'users.manage',
    'person.read',
    'person.write',
    'claims.export',
  ],
  clinician: ['network.read', 'person.read', 'person.write', 'claims.export'],
  village_health_worker: ['network.read', 'person.read', 'person.write'],
  auditor: ['network.read', 'audit.read', 'person.read', 'claims.export'],
};

/** Which roles a user manager may hand out: never a role above their own. */
export const ROLES_GRANTABLE_BY: Record<Role, readonly Role[]> = {
  system_admin: ROLES,
  province_manager: ['province_manager', 'station_head', 'clinician', 'village_health_worker', 'auditor'],
  station_head: ['clinician', 'village_health_worker'],
  clinician: [],
  village_health_worker: [],
  auditor: [],
};
