import {
  closestCenter,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
  type DragEndEvent,
} from '@dnd-kit/core';
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import { ActionIcon, Box, Group, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArrowDown,
  IconArrowUp,
  IconCheck,
  IconGripVertical,
  IconPencil,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { errorMessage } from '../../lib/api';
import { fieldError } from '../../lib/forms';

export interface SetupItem {
  id: string;
  label: string;
  version: number;
}

interface SetupListProps<T extends SetupItem> {
  /** Accessible name of the list, e.g. "Lead sources". */
  title: string;
  noun: string;
  items: T[];
  canEdit: boolean;
  /** Saves a new order; resolves when saved, rejects (and the order springs back) otherwise. */
  onReorder: (ids: string[]) => Promise<unknown>;
  reordering: boolean;
  onRename: (item: T, label: string) => Promise<unknown>;
  onDelete: (item: T) => void;
  /** Badges and facts shown under the label. */
  meta?: (item: T) => ReactNode;
  /** Extra buttons before the move/delete buttons. */
  actions?: (item: T) => ReactNode;
  /** Dims a row (e.g. a retired value). */
  muted?: (item: T) => boolean;
  /** What the order means, at the top and the bottom. */
  ends?: [string, string];
  empty?: ReactNode;
}

/**
 * An ordered configuration list: drag a row by its handle (mouse, touch, or keyboard: focus the
 * handle, Space, arrows, Space), or use the up/down buttons; rename inline; delete with the
 * server's reason when it refuses.
 */
export function SetupList<T extends SetupItem>({
  title,
  noun,
  items,
  canEdit,
  onReorder,
  reordering,
  onRename,
  onDelete,
  meta,
  actions,
  muted,
  ends,
  empty,
}: SetupListProps<T>) {
  // The order shown, ahead of the server while a reorder is saving.
  const [order, setOrder] = useState<T[]>(items);
  useEffect(() => setOrder(items), [items]);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const saveOrder = (next: T[], moved: T) => {
    const previous = order;
    setOrder(next);
    onReorder(next.map((i) => i.id)).then(
      () => {
        const position = next.findIndex((i) => i.id === moved.id) + 1;
        notifications.show({
          color: 'teal',
          title: 'Order saved',
          message: `${moved.label} is now ${noun} ${position} of ${next.length}.`,
        });
      },
      (e: unknown) => {
        setOrder(previous);
        notifications.show({
          color: 'red',
          title: 'The order was not saved',
          message: errorMessage(e),
        });
      },
    );
  };

  const move = (index: number, delta: -1 | 1) => {
    const target = index + delta;
    const item = order[index];
    if (!item || target < 0 || target >= order.length) return;
    saveOrder(arrayMove(order, index, target), item);
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return;
    const from = order.findIndex((i) => i.id === active.id);
    const to = order.findIndex((i) => i.id === over.id);
    const item = order[from];
    if (from < 0 || to < 0 || !item) return;
    saveOrder(arrayMove(order, from, to), item);
  };

  if (order.length === 0) return <>{empty}</>;

  return (
    <>
      {ends && (
        <Text size="xs" c="dimmed" mb={6}>
          {ends[0]}
        </Text>
      )}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={order.map((i) => i.id)} strategy={verticalListSortingStrategy}>
          <Stack gap={6} component="ol" p={0} m={0} aria-label={title}>
            {order.map((item, index) => (
              <SortableRow
                key={item.id}
                item={item}
                index={index}
                count={order.length}
                noun={noun}
                canEdit={canEdit}
                busy={reordering}
                muted={muted?.(item) ?? false}
                meta={meta?.(item)}
                actions={actions?.(item)}
                onMove={(delta) => move(index, delta)}
                onRename={(label) => onRename(item, label)}
                onDelete={() => onDelete(item)}
              />
            ))}
          </Stack>
        </SortableContext>
      </DndContext>
      {ends && (
        <Text size="xs" c="dimmed" mt={6}>
          {ends[1]}
        </Text>
      )}
    </>
  );
}

interface SortableRowProps {
  item: SetupItem;
  index: number;
  count: number;
  noun: string;
  canEdit: boolean;
  busy: boolean;
  muted: boolean;
  meta: ReactNode;
  actions: ReactNode;
  onMove: (delta: -1 | 1) => void;
  onRename: (label: string) => Promise<unknown>;
  onDelete: () => void;
}

function SortableRow({
  item,
  index,
  count,
  noun,
  canEdit,
  busy,
  muted,
  meta,
  actions,
  onMove,
  onRename,
  onDelete,
}: SortableRowProps) {
  const {
    attributes,
    listeners,
    setNodeRef,
    setActivatorNodeRef,
    transform,
    transition,
    isDragging,
  } = useSortable({ id: item.id, disabled: !canEdit });
  const [renaming, setRenaming] = useState(false);
  const [label, setLabel] = useState(item.label);
  const [error, setError] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);

  const cancel = () => {
    setRenaming(false);
    setLabel(item.label);
    setError(undefined);
  };

  const submitRename = (e: FormEvent) => {
    e.preventDefault();
    const next = label.trim();
    if (!next || next === item.label) return cancel();
    setSaving(true);
    onRename(next)
      .then(
        () => {
          setRenaming(false);
          setError(undefined);
        },
        (err: unknown) => setError(fieldError(err, 'label') ?? errorMessage(err)),
      )
      .finally(() => setSaving(false));
  };

  return (
    <Box
      component="li"
      ref={setNodeRef}
      aria-label={item.label}
      style={{
        listStyle: 'none',
        transform: CSS.Transform.toString(transform),
        transition,
        zIndex: isDragging ? 2 : undefined,
        position: 'relative',
      }}
    >
      <Group
        gap="xs"
        wrap="nowrap"
        align="center"
        px="xs"
        py={8}
        style={{
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: 'var(--mantine-radius-md)',
          background: muted ? 'var(--mantine-color-default-hover)' : 'var(--mantine-color-body)',
          boxShadow: isDragging ? 'var(--mantine-shadow-md)' : undefined,
        }}
      >
        {canEdit && (
          <ActionIcon
            ref={setActivatorNodeRef}
            variant="subtle"
            color="gray"
            aria-label={`Drag to reorder ${item.label}`}
            style={{ cursor: 'grab', touchAction: 'none' }}
            {...attributes}
            {...listeners}
          >
            <IconGripVertical size={16} />
          </ActionIcon>
        )}
        <Text size="sm" c="dimmed" w={20} ta="right" fw={600} style={{ flexShrink: 0 }}>
          {index + 1}
        </Text>
        <Stack gap={2} style={{ flex: 1, minWidth: 0 }}>
          {renaming ? (
            <form onSubmit={submitRename}>
              <Group gap={4} wrap="nowrap" align="flex-start">
                <TextInput
                  size="xs"
                  aria-label={`Name of ${noun} ${item.label}`}
                  value={label}
                  onChange={(e) => setLabel(e.currentTarget.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Escape') {
                      e.stopPropagation();
                      cancel();
                    }
                  }}
                  maxLength={100}
                  autoFocus
                  error={error}
                  style={{ flex: 1 }}
                />
                <ActionIcon type="submit" variant="light" aria-label="Save name" loading={saving}>
                  <IconCheck size={14} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label="Cancel rename"
                  onClick={cancel}
                >
                  <IconX size={14} />
                </ActionIcon>
              </Group>
            </form>
          ) : (
            <Group gap={6} wrap="nowrap">
              <Text size="sm" fw={600} truncate c={muted ? 'dimmed' : undefined}>
                {item.label}
              </Text>
              {canEdit && (
                <Tooltip label="Rename" withArrow openDelay={400}>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    aria-label={`Rename ${item.label}`}
                    onClick={() => {
                      setLabel(item.label);
                      setRenaming(true);
                    }}
                  >
                    <IconPencil size={13} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          )}
          {meta && <Group gap={6}>{meta}</Group>}
        </Stack>
        {canEdit && (
          <Group gap={2} wrap="nowrap" style={{ flexShrink: 0 }}>
            {actions}
            <Tooltip label="Move up" withArrow openDelay={400}>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Move ${item.label} up`}
                disabled={index === 0 || busy}
                onClick={() => onMove(-1)}
              >
                <IconArrowUp size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Move down" withArrow openDelay={400}>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Move ${item.label} down`}
                disabled={index === count - 1 || busy}
                onClick={() => onMove(1)}
              >
                <IconArrowDown size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Delete" withArrow openDelay={400}>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Delete ${item.label}`}
                onClick={onDelete}
              >
                <IconTrash size={16} />
              </ActionIcon>
            </Tooltip>
          </Group>
        )}
      </Group>
    </Box>
  );
}
