import { Text } from '@mantine/core';
import { splitMentions } from '../../../shared/comments';

/** A comment's text with its @-mentions shown as highlighted names. */
export function CommentBody({ body }: { body: string }) {
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
      {splitMentions(body).map((s, i) =>
        s.kind === 'mention' ? (
          <Text
            key={i}
            span
            fw={600}
            c="conduit"
            bg="var(--mantine-primary-color-light)"
            px={4}
            style={{ borderRadius: 'var(--mantine-radius-sm)' }}
            data-mention={s.id}
          >
            @{s.name}
          </Text>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </Text>
  );
}
