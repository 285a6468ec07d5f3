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
const PartnerProgramPage = lazy(() =>
  import('../features/partner-program/PartnerProgramPage').then((m) => ({
    default: m.PartnerProgramPage,
  })),
);
const UsersPage = lazy(() =>
  import('../features/users/UsersPage').then((m) => ({ default: m.UsersPage })),
);
const TokensPage = lazy(() =>
  import('../features/tokens/TokensPage').then((m) => ({ default: m.TokensPage })),
);
const ApplicationsPage = lazy(() =>
  import('../features/applications/ApplicationsPage').then((m) => ({
    default: m.ApplicationsPage,
  })),
);
const ApplyPage = lazy(() =>
  import('../features/applications/ApplyPage').then((m) => ({ default: m.ApplyPage })),
);
const AccountsPage = lazy(() =>
  import('../features/accounts/AccountsPage').then((m) => ({ default: m.AccountsPage })),
);
const AccountDetailPage = lazy(() =>
  import('../features/accounts/AccountDetailPage').then((m) => ({
    default: m.AccountDetailPage,
  })),
);
const ContactsPage = lazy(() =>
  import('../features/contacts/ContactsPage').then((m) => ({ default: m.ContactsPage })),
);
const ContactDetailPage = lazy(() =>
  import('../features/contacts/ContactDetailPage').then((m) => ({
    default: m.ContactDetailPage,
  })),
);
const CasesPage = lazy(() =>
  import('../features/cases/CasesPage').then((m) => ({ default: m.CasesPage })),
);
const CaseDetailPage = lazy(() =>
  import('../features/cases/CaseDetailPage').then((m) => ({ default: m.CaseDetailPage })),
);
const MyTasksPage = lazy(() =>
  import('../features/tasks/MyTasksPage').then((m) => ({ default: m.MyTasksPage })),
);
const LeadsPage = lazy(() =>
  import('../features/leads/LeadsPage').then((m) => ({ default: m.LeadsPage })),
);
const LeadDetailPage = lazy(() =>
  import('../features/leads/LeadDetailPage').then((m) => ({ default: m.LeadDetailPage })),
);
const ConsultantsPage = lazy(() =>
  import('../features/consultants/ConsultantsPage').then((m) => ({ default: m.ConsultantsPage })),
);
const CompanyConsultantsPage = lazy(() =>
  import('../features/consultants/CompanyConsultantsPage').then((m) => ({
    default: m.CompanyConsultantsPage,
  })),
);
const OpportunitiesPage = lazy(() =>
  import('../features/opportunities/OpportunitiesPage').then((m) => ({
    default: m.OpportunitiesPage,
  })),
);
const OpportunityDetailPage = lazy(() =>
  import('../features/opportunities/OpportunityDetailPage').then((m) => ({
    default: m.OpportunityDetailPage,
  })),
);
const SalesProcessPage = lazy(() =>
  import('../features/sales-setup/SalesProcessPage').then((m) => ({
    default: m.SalesProcessPage,
  })),
);
const LeadScoringPage = lazy(() =>
  import('../features/scoring/LeadScoringPage').then((m) => ({ default: m.LeadScoringPage })),
);
const CampaignsPage = lazy(() =>
  import('../features/campaigns/CampaignsPage').then((m) => ({ default: m.CampaignsPage })),
);
const CampaignDetailPage = lazy(() =>
  import('../features/campaigns/CampaignDetailPage').then((m) => ({
    default: m.CampaignDetailPage,
  })),
);
const AttributionPage = lazy(() =>
  import('../features/campaigns/AttributionPage').then((m) => ({ default: m.AttributionPage })),
);
const ImportsPage = lazy(() =>
  import('../features/imports/ImportsPage').then((m) => ({ default: m.ImportsPage })),
);
const ImportRunPage = lazy(() =>
  import('../features/imports/ImportRunPage').then((m) => ({ default: m.ImportRunPage })),
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
    // The public partner application: no account needed.
    path: '/apply',
    element: (
      <Suspense fallback={<FullPageLoader />}>
        <ApplyPage />
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
                  <Only can="viewPartnerDetail">
                    <PartnerDetailPage />
                  </Only>
                ),
              },
              {
                path: 'settings/partner-program',
                element: (
                  <Only can="managePartnerProgram">
                    <PartnerProgramPage />
                  </Only>
                ),
              },
              {
                path: 'applications',
                element: (
                  <Only can="reviewApplications">
                    <ApplicationsPage />
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
              {
                path: 'consultants',
                element: (
                  <Only can="viewPartners">
                    <ConsultantsPage />
                  </Only>
                ),
              },
              {
                path: 'company/consultants',
                element: (
                  <Only can="manageCompanyUsers">
                    <CompanyConsultantsPage />
                  </Only>
                ),
              },
              // Internal and partner users alike; the API limits partners to their own customers.
              { path: 'accounts', element: <AccountsPage /> },
              { path: 'accounts/:accountId', element: <AccountDetailPage /> },
              { path: 'contacts', element: <ContactsPage /> },
              { path: 'contacts/:contactId', element: <ContactDetailPage /> },
              { path: 'cases', element: <CasesPage /> },
              { path: 'cases/:caseId', element: <CaseDetailPage /> },
              // Everyone's own tasks, across the records they can see.
              { path: 'tasks', element: <MyTasksPage /> },
              { path: 'opportunities', element: <OpportunitiesPage /> },
              { path: 'opportunities/:opportunityId', element: <OpportunityDetailPage /> },
              { path: 'leads', element: <LeadsPage /> },
              { path: 'leads/:leadId', element: <LeadDetailPage /> },
              {
                path: 'settings/sales-process',
                element: (
                  <Only can="manageSalesSetup">
                    <SalesProcessPage />
                  </Only>
                ),
              },
              {
                path: 'settings/lead-scoring',
                element: (
                  <Only can="viewScoring">
                    <LeadScoringPage />
                  </Only>
                ),
              },
              {
                path: 'campaigns',
                element: (
                  <Only can="viewCampaigns">
                    <CampaignsPage />
                  </Only>
                ),
              },
              {
                path: 'campaigns/:campaignId',
                element: (
                  <Only can="viewCampaigns">
                    <CampaignDetailPage />
                  </Only>
                ),
              },
              {
                path: 'reports/attribution',
                element: (
                  <Only can="viewAttribution">
                    <AttributionPage />
                  </Only>
                ),
              },
              // The pages show "not found" to those who may import nothing.
              { path: 'imports', element: <ImportsPage /> },
              { path: 'imports/:importId', element: <ImportRunPage /> },
              { path: 'tokens', element: <TokensPage /> },
            ],
          },
        ],
      },
    ],
  },
  { path: '*', element: <NotFoundPage />, errorElement: <ErrorPage /> },
]);
