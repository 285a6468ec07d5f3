import { PageHeader } from '../../components/PageHeader';
import { NotFoundContent } from '../../components/NotFound';
import { useCurrentUser } from '../../lib/session';
import { ImportButton } from '../imports/ImportButton';
import { ConsultantsTab } from './ConsultantsTab';

/** The portal's list of a partner admin's own colleagues, with contact details. */
export function CompanyConsultantsPage() {
  const user = useCurrentUser();
  if (!user.partner) return <NotFoundContent />;
  return (
    <>
      <PageHeader
        title="Consultants"
        description={`People at ${user.partner.companyName}, their contact details and portal access.`}
      />
      <ConsultantsTab
        partnerId={user.partner.id}
        canEdit={user.role === 'partner_admin'}
        actions={<ImportButton entity="consultants" />}
      />
    </>
  );
}
