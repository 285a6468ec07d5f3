/** Where to come back to after logging in; only same-site paths, never another origin. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login') || next.startsWith('/set-password')) return '/';
  return next;
}

export function loginPathFor(pathname: string, search: string): string {
  const here = `${pathname}${search}`;
  return here === '/' ? '/login' : `/login?next=${encodeURIComponent(here)}`;
}
