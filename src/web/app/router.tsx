import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import { FullPageLoader } from '../components/FullPageLoader';
import { NotFoundContent } from '../components/NotFound';
import { LoginPage } from '../features/auth/LoginPage';
import { capabilities, useCurrentUser } from '../lib/session';
import { AppLayout } from './AppLayout';
import { ErrorPage } from './ErrorPage';
import { NotFoundPage } from './NotFoundPage';
import { RequireAuth } from './RequireAuth';

function PageLoader() {
  return (
    <Center py={120} role="status" aria-label="Loading page">
      <Loader size="sm" />
    </Center>
  );
}

type Capability = Exclude<keyof ReturnType<typeof capabilities>, 'partnerUser'>;

/**
 * Pages only some roles have. Others get "not found", as the API answers for records out of
 * their reach, rather than a hint that the page exists.
 */
function Only({ can, children }: { can: Capability; children: ReactNode }) {
  const user = useCurrentUser();
  return capabilities(user)[can] ? children : <NotFoundContent />;
}

// Pages load on first visit, so the login page does not wait for charts and tables.
const DashboardPage = lazy(() =>
  import('../features/dashboard/DashboardPage').then((m) => ({ default: m.DashboardPage })),
);
const PartnersPage = lazy(() =>
  import('../features/partners/PartnersPage').then((m) => ({ default: m.PartnersPage })),
);
const PartnerDetailPage = lazy(() =>
  import('../features/partners/PartnerDetailPage').then((m) => ({
    default: m.PartnerDetailPage,
  })),
);
const UsersPage = lazy(() =>
  import('../features/users/UsersPage').then((m) => ({ default: m.UsersPage })),
);
const TokensPage = lazy(() =>
  import('../features/tokens/TokensPage').then((m) => ({ default: m.TokensPage })),
);
const SetPasswordPage = lazy(() =>
  import('../features/auth/SetPasswordPage').then((m) => ({ default: m.SetPasswordPage })),
);

function PageSuspense() {
  return (
    <Suspense fallback={<PageLoader />}>
      <Outlet />
    </Suspense>
  );
}

export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage />, errorElement: <ErrorPage /> },
  {
    path: '/set-password',
    element: (
      <Suspense fallback={<FullPageLoader />}>
        <SetPasswordPage />
      </Suspense>
    ),
    errorElement: <ErrorPage />,
  },
  {
    element: <RequireAuth />,
    errorElement: <ErrorPage />,
    children: [
      {
        element: <AppLayout />,
        children: [
          {
            // Errors inside a page keep the header and navigation, so the user can move on.
            errorElement: <ErrorPage />,
            element: <PageSuspense />,
            children: [
              { index: true, element: <DashboardPage /> },
              {
                path: 'partners',
                element: (
                  <Only can="viewPartners">
                    <PartnersPage />
                  </Only>
                ),
              },
              {
                path: 'partners/:partnerId',
                element: (
                  <Only can="viewPartners">
                    <PartnerDetailPage />
                  </Only>
                ),
              },
              {
                path: 'users',
                element: (
                  <Only can="manageAllUsers">
                    <UsersPage scope="all" />
                  </Only>
                ),
              },
              {
                path: 'company/users',
                element: (
                  <Only can="manageCompanyUsers">
                    <UsersPage scope="company" />
                  </Only>
                ),
              },
              { path: 'tokens', element: <TokensPage /> },
            ],
          },
        ],
      },
    ],
  },
  { path: '*', element: <NotFoundPage />, errorElement: <ErrorPage /> },
]);
