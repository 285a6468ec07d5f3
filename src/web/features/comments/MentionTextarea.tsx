import { Box, Group, Paper, Text, Textarea, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useId, useRef, useState, type KeyboardEvent } from 'react';
import { COMMENT_LIMITS, mentionToken } from '../../../shared/comments';
import type { RecordType } from '../../../shared/records';
import { useMentionable, type MentionableUser } from './api';

interface MentionTextareaProps {
  subjectType: RecordType;
  subjectId: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  error?: string | undefined;
  autoFocus?: boolean;
  /** Ctrl/⌘+Enter sends, like most comment boxes. */
  onSubmit?: () => void;
}

/** "@" followed by the letters typed so far, right before the caret. */
const TRIGGER = /(^|\s)@([^\s@[\]()]{0,40})$/;

/**
 * A comment box where typing "@" and a few letters suggests people who can see the record;
 * choosing one inserts a mention token that the server turns into a notification.
 */
export function MentionTextarea({
  subjectType,
  subjectId,
  label,
  value,
  onChange,
  placeholder,
  error,
  autoFocus,
  onSubmit,
}: MentionTextareaProps) {
  const ref = useRef<HTMLTextAreaElement>(null);
  const listId = useId();
  const [trigger, setTrigger] = useState<{ start: number; q: string } | null>(null);
  const [active, setActive] = useState(0);
  const [q] = useDebouncedValue(trigger?.q ?? '', 150);
  const suggestions = useMentionable(subjectType, subjectId, q, trigger !== null);
  const users = trigger ? (suggestions.data?.data ?? []) : [];
  const open = trigger !== null && (users.length > 0 || suggestions.isFetched);

  const detect = (text: string, caret: number) => {
    const m = TRIGGER.exec(text.slice(0, caret));
    setTrigger(m ? { start: caret - m[2]!.length - 1, q: m[2]! } : null);
    setActive(0);
  };

  const pick = (user: MentionableUser) => {
    if (!trigger) return;
    const end = trigger.start + 1 + trigger.q.length;
    const token = `${mentionToken(user)} `;
    onChange(value.slice(0, trigger.start) + token + value.slice(end));
    setTrigger(null);
    const caret = trigger.start + token.length;
    requestAnimationFrame(() => {
      ref.current?.focus();
      ref.current?.setSelectionRange(caret, caret);
    });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open && users.length > 0) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        const step = e.key === 'ArrowDown' ? 1 : -1;
        setActive((i) => (i + step + users.length) % users.length);
        return;
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        pick(users[Math.min(active, users.length - 1)]!);
        return;
      }
    }
    if (open && e.key === 'Escape') {
      e.preventDefault();
      setTrigger(null);
      return;
    }
    if (e.key === 'Enter' && (e.metaKey || e.ctrlKey) && onSubmit) {
      e.preventDefault();
      onSubmit();
    }
  };

  return (
    <Box pos="relative">
      <Textarea
        ref={ref}
        label={label}
        placeholder={placeholder ?? 'Write a comment… Type @ to mention someone'}
        value={value}
        onChange={(e) => {
          onChange(e.currentTarget.value);
          detect(e.currentTarget.value, e.currentTarget.selectionStart);
        }}
        onKeyDown={onKeyDown}
        onClick={(e) => detect(e.currentTarget.value, e.currentTarget.selectionStart)}
        onBlur={() => setTimeout(() => setTrigger(null), 150)}
        autosize
        minRows={2}
        maxRows={10}
        maxLength={COMMENT_LIMITS.bodyMax}
        error={error}
        autoFocus={autoFocus}
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
      />
      {open && (
        <Paper
          withBorder
          shadow="md"
          radius="md"
          p={4}
          pos="absolute"
          left={0}
          right={0}
          style={{ zIndex: 20, top: '100%', maxWidth: 360 }}
        >
          {users.length === 0 ? (
            <Text size="sm" c="dimmed" px="sm" py={6}>
              Nobody who can see this record matches “{trigger.q}”
            </Text>
          ) : (
            <Box id={listId} role="listbox" aria-label="People to mention">
              {users.map((u, i) => (
                <UnstyledButton
                  key={u.id}
                  role="option"
                  aria-selected={i === active}
                  // Keep the caret in the textarea while choosing with the mouse.
                  onMouseDown={(e) => e.preventDefault()}
                  onClick={() => pick(u)}
                  onMouseEnter={() => setActive(i)}
                  display="block"
                  w="100%"
                  px="sm"
                  py={6}
                  style={{
                    borderRadius: 'var(--mantine-radius-sm)',
                    background: i === active ? 'var(--mantine-primary-color-light)' : undefined,
                  }}
                >
                  <Group justify="space-between" gap="xs" wrap="nowrap">
                    <Text size="sm" fw={500} truncate>
                      {u.name}
                    </Text>
                    <Text size="xs" c="dimmed" truncate>
                      {u.partnerName ?? 'Internal'}
                    </Text>
                  </Group>
                </UnstyledButton>
              ))}
            </Box>
          )}
        </Paper>
      )}
    </Box>
  );
}
