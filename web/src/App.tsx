import { lazy, Suspense } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { FullPageLoader, RequireAuth, useMe } from './auth/session';

// Every page is its own chunk: the sign-in page does not load the tables and forms.
const SignInPage = lazy(() => import('./pages/SignInPage'));
const AppLayout = lazy(() => import('./components/AppLayout'));
const UnitOverviewPage = lazy(() => import('./pages/UnitOverviewPage'));
const StationPage = lazy(() => import('./pages/StationPage'));
const StaffListPage = lazy(() => import('./pages/StaffListPage'));
const StaffFormPage = lazy(() => import('./pages/StaffFormPage'));
const HamletsPage = lazy(() => import('./pages/HamletsPage'));
const IndicatorsPage = lazy(() => import('./pages/IndicatorsPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));
const ResidentSearchPage = lazy(() => import('./pages/people/ResidentSearchPage'));
const HouseholdListPage = lazy(() => import('./pages/people/HouseholdListPage'));
const HouseholdFormPage = lazy(() => import('./pages/people/HouseholdFormPage'));
const HouseholdPage = lazy(() => import('./pages/people/HouseholdPage'));
const ResidentPage = lazy(() => import('./pages/people/ResidentPage'));
const RecordPrintPage = lazy(() => import('./pages/people/RecordPrintPage'));
const ImportPage = lazy(() => import('./pages/people/ImportPage'));
const VisitFormPage = lazy(() => import('./pages/visits/VisitFormPage'));
const VisitPage = lazy(() => import('./pages/visits/VisitPage'));
const TodayVisitsPage = lazy(() => import('./pages/visits/TodayVisitsPage'));
const A1RegisterPage = lazy(() => import('./pages/visits/A1RegisterPage'));
const PrescriptionPrintPage = lazy(() => import('./pages/visits/PrescriptionPrintPage'));
const DuplicatesPage = lazy(() => import('./pages/duplicates/DuplicatesPage'));
const ClaimsExportPage = lazy(() => import('./pages/claims/ClaimsExportPage'));
const WorklistPage = lazy(() => import('./pages/worklist/WorklistPage'));
const NcdOverduePage = lazy(() => import('./pages/ncd/OverduePage'));
const NutritionListPage = lazy(() => import('./pages/growth/NutritionListPage'));
const MaternalRegistersPage = lazy(() => import('./pages/maternal/MaternalRegistersPage'));
const SessionDayPage = lazy(() => import('./pages/immunization/SessionDayPage'));
const VaccineLotsPage = lazy(() => import('./pages/immunization/LotsPage'));
const NcdCohortPage = lazy(() => import('./pages/ncd/CohortPage'));
const CriteriaAssessmentsPage = lazy(() => import('./pages/criteria/AssessmentsPage'));
const CriteriaAssessmentPage = lazy(() => import('./pages/criteria/AssessmentPage'));
const SurveyResultsPage = lazy(() => import('./pages/satisfaction/SurveyResultsPage'));
const PublicSurveyPage = lazy(() => import('./pages/satisfaction/PublicSurveyPage'));
const FamilyPracticesPage = lazy(() => import('./pages/familydoctor/PracticesPage'));
const InvestmentProjectsPage = lazy(() => import('./pages/resources/ProjectsPage'));
const PlansPage = lazy(() => import('./pages/plans/PlansPage'));
const PlanPage = lazy(() => import('./pages/plans/PlanPage'));
const PlanEditPage = lazy(() => import('./pages/plans/PlanEditPage'));
const EquipmentListPage = lazy(() => import('./pages/resources/EquipmentListPage'));
const EthnicMinorityPage = lazy(() => import('./pages/resources/EthnicMinorityPage'));
const CriteriaSetsPage = lazy(() => import('./pages/criteria/CriteriaSetsPage'));
const SurveillancePage = lazy(() => import('./pages/surveillance/SurveillancePage'));
const SurveillanceCasePage = lazy(() => import('./pages/surveillance/CaseFormPage'));
const SurveillanceAlertsPage = lazy(() => import('./pages/surveillance/AlertsPage'));
const SurveillanceRegistersPage = lazy(() => import('./pages/surveillance/RegistersPage'));
const ReferralsPage = lazy(() => import('./pages/referral/ReferralsPage'));
const ReferralFormPage = lazy(() => import('./pages/referral/ReferralFormPage'));
const TeleconsultPage = lazy(() => import('./pages/referral/TeleconsultPage'));
const ConsultationFormPage = lazy(() => import('./pages/referral/ConsultationFormPage'));
// Work offline (issue 20): outside the signed-in frame, so that they open from the cached shell.
const OfflinePage = lazy(() => import('./offline/OfflinePage'));
const OfflineResidentPage = lazy(() => import('./offline/OfflineResidentPage'));
const OfflineRecordPage = lazy(() => import('./offline/OfflineRecordPage'));

/** Station staff and village health workers start on the day's work; managers on their supervision home. */
const WORKLIST_ROLES = ['station_head', 'clinician', 'village_health_worker'];

function Home() {
  const me = useMe();
  if (me.data && WORKLIST_ROLES.includes(me.data.role)) return <WorklistPage />;
  return <Navigate to={`/units/${me.data?.unitCode ?? 'VN'}`} replace />;
}

export function App() {
  return (
    <Suspense fallback={<FullPageLoader />}>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/offline" element={<OfflinePage />} />
        <Route path="/offline/residents/:id" element={<OfflineResidentPage />} />
        {/* The public satisfaction form (QR code at the station): no sign-in, no application frame. */}
        <Route path="/khao-sat/:key" element={<PublicSurveyPage />} />
        {/* The printable 831 record: no application frame around the sheet. */}
        <Route
          path="/residents/:id/print"
          element={
            <RequireAuth>
              <RecordPrintPage />
            </RequireAuth>
          }
        />
        <Route
          path="/visits/:id/prescription"
          element={
            <RequireAuth>
              <PrescriptionPrintPage />
            </RequireAuth>
          }
        />
        <Route
          element={
            <RequireAuth>
              <AppLayout />
            </RequireAuth>
          }
        >
          <Route index element={<Home />} />
          <Route path="units/:code" element={<UnitOverviewPage />} />
          <Route path="units/:code/staff" element={<StaffListPage />} />
          <Route path="units/:code/hamlets" element={<HamletsPage />} />
          <Route path="units/:code/indicators" element={<IndicatorsPage />} />
          <Route path="stations/:id" element={<StationPage />} />
          <Route path="staff/new" element={<StaffFormPage />} />
          <Route path="staff/:id" element={<StaffFormPage />} />
          <Route path="units/:code/residents" element={<ResidentSearchPage />} />
          <Route path="units/:code/households" element={<HouseholdListPage />} />
          <Route path="units/:code/imports" element={<ImportPage />} />
          <Route path="households/new" element={<HouseholdFormPage />} />
          {/* Doses, measurements and a new household member from the device's store (issue 20). */}
          <Route path="offline/record/:id" element={<OfflineRecordPage />} />
          <Route path="households/:id" element={<HouseholdPage />} />
          <Route path="residents/:id" element={<ResidentPage />} />
          <Route path="visits/new" element={<VisitFormPage />} />
          <Route path="visits/:id" element={<VisitPage />} />
          <Route path="units/:code/visits" element={<TodayVisitsPage />} />
          <Route path="units/:code/registers/a1" element={<A1RegisterPage />} />
          <Route path="units/:code/registers/maternal" element={<MaternalRegistersPage />} />
          <Route path="units/:code/duplicates" element={<DuplicatesPage />} />
          <Route path="units/:code/claims" element={<ClaimsExportPage />} />
          <Route path="worklist" element={<WorklistPage />} />
          <Route path="units/:code/immunization/session" element={<SessionDayPage />} />
          <Route path="units/:code/immunization/lots" element={<VaccineLotsPage />} />
          <Route path="units/:code/ncd/overdue" element={<NcdOverduePage />} />
          <Route path="units/:code/nutrition" element={<NutritionListPage />} />
          <Route path="units/:code/ncd/cohort" element={<NcdCohortPage />} />
          <Route path="units/:code/criteria" element={<CriteriaAssessmentsPage />} />
          <Route path="criteria/assessments/:id" element={<CriteriaAssessmentPage />} />
          <Route path="units/:code/satisfaction" element={<SurveyResultsPage />} />
          <Route path="units/:code/family-doctors" element={<FamilyPracticesPage />} />
          <Route path="units/:code/investment" element={<InvestmentProjectsPage />} />
          <Route path="units/:code/plans" element={<PlansPage />} />
          <Route path="plans/:id" element={<PlanPage />} />
          <Route path="units/:code/plans/new" element={<PlanEditPage />} />
          <Route path="plans/:id/edit" element={<PlanEditPage />} />
          <Route path="resources/equipment-list" element={<EquipmentListPage />} />
          <Route path="units/:code/ethnic-minority-communes" element={<EthnicMinorityPage />} />
          <Route path="criteria/sets" element={<CriteriaSetsPage />} />
          <Route path="units/:code/surveillance" element={<SurveillancePage />} />
          <Route path="units/:code/surveillance/new" element={<SurveillanceCasePage />} />
          <Route path="units/:code/alerts" element={<SurveillanceAlertsPage />} />
          <Route path="units/:code/registers/surveillance" element={<SurveillanceRegistersPage />} />
          <Route path="units/:code/referrals" element={<ReferralsPage />} />
          <Route path="referrals/new" element={<ReferralFormPage />} />
          <Route path="units/:code/teleconsultations" element={<TeleconsultPage />} />
          <Route path="teleconsultations/new" element={<ConsultationFormPage />} />
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
