import { FullPageLoader } from '../components/FullPageLoader';
import { NotFoundContent } from '../components/NotFound';
import { CurrentUserProvider, useMeQuery } from '../lib/session';
import { AppLayout } from './AppLayout';

/** Unknown addresses: inside the app frame when signed in, on its own otherwise. */
export function NotFoundPage() {
  const me = useMeQuery();
  if (me.isPending) return <FullPageLoader />;
  if (!me.data) return <NotFoundContent actionLabel="Go to the login page" to="/login" />;
  return (
    <CurrentUserProvider user={me.data}>
      <AppLayout>
        <NotFoundContent />
      </AppLayout>
    </CurrentUserProvider>
  );
}
