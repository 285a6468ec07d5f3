import { Box, Center } from '@mantine/core';
import { Navigate, Outlet, useLocation } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { FullPageLoader } from '../components/FullPageLoader';
import { loginPathFor } from '../lib/redirect';
import { CurrentUserProvider, useMeQuery } from '../lib/session';

/** Renders the signed-in part of the app, or sends the visitor to the login page. */
export function RequireAuth() {
  const me = useMeQuery();
  const location = useLocation();

  if (me.isPending) return <FullPageLoader />;
  if (me.isError) {
    return (
      <Center h="100vh" p="md">
        <Box maw={480} w="100%">
          <ErrorAlert
            title="Conduit is not reachable"
            error={me.error}
            onRetry={() => void me.refetch()}
          />
        </Box>
      </Center>
    );
  }
  if (!me.data) return <Navigate to={loginPathFor(location.pathname, location.search)} replace />;

  return (
    <CurrentUserProvider user={me.data}>
      <Outlet />
    </CurrentUserProvider>
  );
}
