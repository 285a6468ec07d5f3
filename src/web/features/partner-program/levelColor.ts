/**
 * Level colours climb with rank: bronze, silver, gold, then platinum and beyond for programs that
 * add levels on top. The hue says "how far up" at a glance, whatever the level is called.
 */
const LEVEL_COLORS = ['orange', 'gray', 'yellow', 'cyan', 'violet', 'grape', 'indigo'];

/** Rank 1 is the entry level. */
export const levelColor = (rank: number): string =>
  LEVEL_COLORS[Math.min(Math.max(rank, 1), LEVEL_COLORS.length) - 1] ?? 'gray';
