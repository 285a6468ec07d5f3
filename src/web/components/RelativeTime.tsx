import { Text, Tooltip, type TextProps } from '@mantine/core';
import { formatDateTime, formatRelative } from '../lib/format';

interface RelativeTimeProps extends TextProps {
  iso: string | null | undefined;
  /** Shown when there is no timestamp, e.g. "Never". */
  fallback?: string;
}

/** "3 hours ago", with the exact time on hover. */
export function RelativeTime({ iso, fallback = '—', ...textProps }: RelativeTimeProps) {
  if (!iso) {
    return (
      <Text span c="dimmed" size="sm" {...textProps}>
        {fallback}
      </Text>
    );
  }
  return (
    <Tooltip label={formatDateTime(iso)} openDelay={300} withArrow>
      <Text span size="sm" {...textProps}>
        <time dateTime={iso}>{formatRelative(iso)}</time>
      </Text>
    </Tooltip>
  );
}
