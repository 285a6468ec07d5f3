import { useQuery } from '@tanstack/react-query';
import { createContext, useContext, type ReactNode } from 'react';
import { isPartnerRole } from '../../shared/role-names';
import { api, isApiError } from './api';
import { meQueryKey } from './queryClient';
import type { Me } from './types';

/** Who is logged in; null when nobody is (a 401 from /api/me is an answer, not an error). */
export function useMeQuery() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: async ({ signal }) => {
      try {
        return await api.get<Me>('/api/me', undefined, signal);
      } catch (error) {
        if (isApiError(error) && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 5 * 60_000,
  });
}

const CurrentUserContext = createContext<Me | null>(null);

export function CurrentUserProvider({ user, children }: { user: Me; children: ReactNode }) {
  return <CurrentUserContext.Provider value={user}>{children}</CurrentUserContext.Provider>;
}

/** The logged-in user. Only valid below the auth guard, which never renders without one. */
export function useCurrentUser(): Me {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser must be used inside an authenticated page');
  return user;
}

/**
 * What the navigation offers. These only decide which links and buttons appear: the server
 * checks every request on its own, and records carry their own abilities.
 */
export function capabilities(user: Me) {
  const partnerUser = isPartnerRole(user.role);
  return {
    partnerUser,
    viewPartners: !partnerUser,
    createPartners: user.role === 'admin' || user.role === 'channel_manager',
    reviewApplications: user.role === 'admin' || user.role === 'channel_manager',
    /** Internal users open any partner; a partner admin reads their own company's page. */
    viewPartnerDetail: !partnerUser || user.role === 'partner_admin',
    managePartnerProgram: user.role === 'admin',
    manageAllUsers: user.role === 'admin',
    manageCompanyUsers: user.role === 'partner_admin',
    /** Settings → Sales process: pick lists, status path, stages, currencies. */
    manageSalesSetup: user.role === 'admin',
    /** Settings → Lead scoring; channel managers read it, admins and marketing change it. */
    viewScoring:
      user.role === 'admin' || user.role === 'marketing' || user.role === 'channel_manager',
    /** Internal users and partner admins (their own campaigns and the vendor's live ones). */
    viewCampaigns: !partnerUser || user.role === 'partner_admin',
    viewAttribution: !partnerUser,
  };
}
