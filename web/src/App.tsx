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

function Home() {
  const me = useMe();
  return <Navigate to={`/units/${me.data?.unitCode ?? 'VN'}`} replace />;
}

export function App() {
  return (
    <Suspense fallback={<FullPageLoader />}>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
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
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
