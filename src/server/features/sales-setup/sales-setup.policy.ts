/**
 * Pick lists, the status path, stages and currencies shape every lead and opportunity form, so
 * only admins change them. Everyone signed in reads them (GET /api/setup), partner users too:
 * their forms need the same lists.
 */
export const SETUP_ADMINS = ['admin'] as const;
