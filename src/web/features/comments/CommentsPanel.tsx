import { Avatar, Box, Button, Group, Skeleton, Stack, Text } from '@mantine/core';
import { IconArrowBackUp, IconMessageCircle, IconPencil, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import type { RecordType } from '../../../shared/records';
import { EmptyState } from '../../components/EmptyState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormError } from '../../components/FormError';
import { LoadMore } from '../../components/LoadMore';
import { RelativeTime } from '../../components/RelativeTime';
import { openConfirm } from '../../components/confirm';
import { fieldError } from '../../lib/forms';
import { CommentBody } from './CommentBody';
import { MentionTextarea } from './MentionTextarea';
import {
  useCreateComment,
  useDeleteComment,
  useThreads,
  useUpdateComment,
  type Comment,
} from './api';

type Subject = { subjectType: RecordType; subjectId: string };

const initials = (name: string) =>
  name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w.charAt(0).toUpperCase())
    .join('');

/** Discussion on one record: threads oldest first, one level of replies, @-mentions. */
export function CommentsPanel({ subjectType, subjectId }: Subject) {
  const list = useThreads(subjectType, subjectId);
  const subject = { subjectType, subjectId };

  return (
    <Stack gap="lg">
      {list.isPending ? (
        <Stack gap="sm" aria-busy="true" aria-label="Loading comments">
          {[0, 1].map((i) => (
            <Skeleton key={i} height={64} radius="md" />
          ))}
        </Stack>
      ) : list.isError && list.rows.length === 0 ? (
        <ErrorAlert
          error={list.error}
          title="Could not load the comments"
          onRetry={() => void list.refetch()}
        />
      ) : list.rows.length === 0 ? (
        <EmptyState
          icon={<IconMessageCircle size={26} stroke={1.5} />}
          title="No comments yet"
          description="Start the conversation below. Type @ to bring a colleague in."
        />
      ) : (
        <Stack gap="md" aria-label="Comments">
          {list.rows.map((thread) => (
            <Thread key={thread.id} thread={thread} {...subject} />
          ))}
          <LoadMore
            shown={list.rows.length}
            hasNextPage={list.hasNextPage}
            loading={list.isFetchingNextPage}
            onLoadMore={() => void list.fetchNextPage()}
            noun="thread"
            error={list.isFetchNextPageError ? list.error : undefined}
          />
        </Stack>
      )}
      <Composer {...subject} label="Comment" submitLabel="Post comment" />
    </Stack>
  );
}

function Thread({ thread, ...subject }: Subject & { thread: Comment & { replies: Comment[] } }) {
  // Which comment the open reply box answers; the server files it under the thread either way.
  const [replyTo, setReplyTo] = useState<string | null>(null);
  return (
    <Box>
      <CommentItem comment={thread} {...subject} onReply={() => setReplyTo(thread.id)} />
      {(thread.replies.length > 0 || replyTo) && (
        <Stack
          gap="sm"
          mt="sm"
          ml={{ base: 'md', sm: 44 }}
          pl="md"
          style={{ borderLeft: '2px solid var(--mantine-color-default-border)' }}
        >
          {thread.replies.map((r) => (
            <CommentItem key={r.id} comment={r} {...subject} onReply={() => setReplyTo(r.id)} />
          ))}
          {replyTo && (
            <Composer
              {...subject}
              parentId={replyTo}
              label="Reply"
              submitLabel="Post reply"
              autoFocus
              onDone={() => setReplyTo(null)}
            />
          )}
        </Stack>
      )}
    </Box>
  );
}

function CommentItem({
  comment: c,
  onReply,
  ...subject
}: Subject & { comment: Comment; onReply: () => void }) {
  const [editing, setEditing] = useState(false);
  const remove = useDeleteComment(subject.subjectType, subject.subjectId);
  const author = c.author?.name ?? 'Deleted user';

  if (c.deleted) {
    return (
      <Text size="sm" c="dimmed" fs="italic" py={4}>
        This comment was deleted.
      </Text>
    );
  }

  const askDelete = () =>
    openConfirm({
      title: 'Delete this comment?',
      message: 'The comment will be removed. Replies to it stay.',
      confirmLabel: 'Delete',
      danger: true,
      onConfirm: () => remove.mutate(c.id),
    });

  return (
    <Group align="flex-start" gap="sm" wrap="nowrap" data-testid="comment">
      <Avatar radius="xl" size={32} color="conduit" variant="light" aria-hidden>
        {initials(author)}
      </Avatar>
      <Box style={{ flex: 1, minWidth: 0 }}>
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={600}>
            {author}
          </Text>
          <RelativeTime iso={c.createdAt} size="xs" c="dimmed" />
          {c.editedAt && (
            <Text size="xs" c="dimmed">
              (edited)
            </Text>
          )}
        </Group>
        {editing ? (
          <EditComment comment={c} {...subject} onDone={() => setEditing(false)} />
        ) : (
          <>
            <CommentBody body={c.body ?? ''} />
            <Group gap={4} mt={2}>
              {(c.abilities.reply || c.parentId) && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="gray"
                  leftSection={<IconArrowBackUp size={14} />}
                  onClick={onReply}
                >
                  Reply
                </Button>
              )}
              {c.abilities.update && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="gray"
                  leftSection={<IconPencil size={14} />}
                  onClick={() => setEditing(true)}
                  aria-label="Edit comment"
                >
                  Edit
                </Button>
              )}
              {c.abilities.delete && (
                <Button
                  size="compact-xs"
                  variant="subtle"
                  color="red"
                  leftSection={<IconTrash size={14} />}
                  onClick={askDelete}
                  loading={remove.isPending}
                  aria-label="Delete comment"
                >
                  Delete
                </Button>
              )}
            </Group>
          </>
        )}
      </Box>
    </Group>
  );
}

function Composer({
  label,
  submitLabel,
  parentId,
  autoFocus,
  onDone,
  ...subject
}: Subject & {
  label: string;
  submitLabel: string;
  parentId?: string;
  autoFocus?: boolean;
  onDone?: () => void;
}) {
  const [body, setBody] = useState('');
  const create = useCreateComment(subject.subjectType, subject.subjectId);
  const submit = () => {
    if (!body.trim() || create.isPending) return;
    create.mutate(
      { body: body.trim(), ...(parentId ? { parentId } : {}) },
      {
        onSuccess: () => {
          setBody('');
          onDone?.();
        },
      },
    );
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      aria-label={parentId ? 'Reply to comment' : 'New comment'}
    >
      <Stack gap="xs">
        <MentionTextarea
          {...subject}
          label={label}
          value={body}
          onChange={setBody}
          autoFocus={autoFocus}
          onSubmit={submit}
          error={fieldError(create.error, 'body')}
          placeholder={parentId ? 'Write a reply… Type @ to mention someone' : undefined}
        />
        <FormError error={create.error} shownFields={['body']} />
        <Group justify="flex-end" gap="sm">
          {onDone && (
            <Button variant="default" size="xs" onClick={onDone}>
              Cancel
            </Button>
          )}
          <Button type="submit" size="xs" loading={create.isPending} disabled={!body.trim()}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function EditComment({
  comment,
  onDone,
  ...subject
}: Subject & { comment: Comment; onDone: () => void }) {
  const [body, setBody] = useState(comment.body ?? '');
  const update = useUpdateComment(subject.subjectType, subject.subjectId);
  const save = () => {
    if (!body.trim()) return;
    update.mutate(
      { id: comment.id, version: comment.version, body: body.trim() },
      { onSuccess: onDone },
    );
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        save();
      }}
      aria-label="Edit comment"
    >
      <Stack gap="xs" mt={4}>
        <MentionTextarea
          {...subject}
          label="Edit comment"
          value={body}
          onChange={setBody}
          autoFocus
          onSubmit={save}
          error={fieldError(update.error, 'body')}
        />
        <FormError error={update.error} shownFields={['body']} />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" size="xs" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" size="xs" loading={update.isPending} disabled={!body.trim()}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
