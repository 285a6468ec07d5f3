/** `q` as an ILIKE pattern: the user's % and _ match themselves, not anything. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
