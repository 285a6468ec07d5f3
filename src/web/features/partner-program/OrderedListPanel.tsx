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
import {
  ActionIcon,
  Badge,
  Box,
  Button,
  Card,
  Group,
  Skeleton,
  Stack,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconArrowDown,
  IconArrowUp,
  IconCheck,
  IconGripVertical,
  IconPencil,
  IconPlus,
  IconSettings,
  IconTrash,
  IconX,
} from '@tabler/icons-react';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { openConfirm } from '../../components/confirm';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import { pluralize } from '../../lib/format';
import { useProgramMutations, type ProgramKind } from './api';

export interface OrderedItem {
  id: string;
  name: string;
  description: string;
  partnerCount: number;
  version: number;
  abilities: Record<string, boolean>;
}

interface OrderedListPanelProps<T extends OrderedItem> {
  kind: ProgramKind;
  title: string;
  description: ReactNode;
  /** "level" / "stage" */
  noun: string;
  items: T[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  canEdit: boolean;
  /** Extra facts shown on each row (e.g. a level's routing weight). */
  meta?: (item: T) => ReactNode;
  /** A marker before the name (e.g. the level badge colour). */
  marker?: (item: T, index: number) => ReactNode;
  onEdit: (item: T) => void;
  /** What the order means, at the top and bottom ends of the list. */
  ends: [string, string];
}

/**
 * An ordered list of levels or stages: drag to reorder (mouse, touch or keyboard through the
 * handle), or use the up/down buttons; rename inline; add; delete with the server's reason when
 * it refuses.
 */
export function OrderedListPanel<T extends OrderedItem>({
  kind,
  title,
  description,
  noun,
  items,
  loading,
  error,
  onRetry,
  canEdit,
  meta,
  marker,
  onEdit,
  ends,
}: OrderedListPanelProps<T>) {
  const { create, update, remove, reorder } = useProgramMutations(kind);
  // The order shown, ahead of the server while a reorder is saving.
  const [order, setOrder] = useState<T[]>(items ?? []);
  useEffect(() => setOrder(items ?? []), [items]);
  const [newName, setNewName] = useState('');

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  const saveOrder = (next: T[], moved: T) => {
    const previous = order;
    setOrder(next);
    reorder.mutate(
      next.map((i) => i.id),
      {
        onSuccess: () => {
          const position = next.findIndex((i) => i.id === moved.id) + 1;
          notifications.show({
            color: 'teal',
            title: 'Order saved',
            message: `${moved.name} is now ${noun} ${position} of ${next.length}.`,
          });
        },
        onError: (e) => {
          setOrder(previous);
          notifications.show({
            color: 'red',
            title: 'The order was not saved',
            message: errorMessage(e),
          });
        },
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

  const onAdd = (e: FormEvent) => {
    e.preventDefault();
    const name = newName.trim();
    if (!name) return;
    create.mutate(
      { name },
      {
        onSuccess: () => {
          setNewName('');
          notifications.show({
            color: 'teal',
            title: `${noun.charAt(0).toUpperCase()}${noun.slice(1)} added`,
            message: `${name} was added at the end of the list.`,
          });
        },
      },
    );
  };

  const onDelete = (item: T) =>
    openConfirm({
      title: `Delete ${noun}`,
      message:
        item.partnerCount > 0
          ? `${pluralize(item.partnerCount, 'partner')} ${item.partnerCount === 1 ? 'is' : 'are'} at “${item.name}”. Move them first; the ${noun} cannot be deleted while in use.`
          : `Delete the ${noun} “${item.name}”? No partner uses it.`,
      confirmLabel: `Delete ${noun}`,
      danger: true,
      onConfirm: () =>
        remove.mutate(item.id, {
          onSuccess: () =>
            notifications.show({
              color: 'teal',
              title: 'Deleted',
              message: `${item.name} was deleted.`,
            }),
          onError: (e) =>
            notifications.show({
              color: 'red',
              title: `Could not delete “${item.name}”`,
              message: errorMessage(e),
              autoClose: false,
            }),
        }),
    });

  return (
    <Card padding="lg" component="section" aria-label={title}>
      <Stack gap={4} mb="md">
        <Text fw={650} size="lg" component="h2" m={0}>
          {title}
        </Text>
        <Text size="sm" c="dimmed">
          {description}
        </Text>
      </Stack>

      {error ? (
        <ErrorAlert
          error={error}
          title={`Could not load ${title.toLowerCase()}`}
          onRetry={onRetry}
        />
      ) : loading ? (
        <Stack gap="xs">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} height={56} />
          ))}
        </Stack>
      ) : (
        <>
          <Text size="xs" c="dimmed" mb={6}>
            {ends[0]}
          </Text>
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
                    busy={reorder.isPending}
                    marker={marker?.(item, index)}
                    meta={meta?.(item)}
                    onMove={(delta) => move(index, delta)}
                    onRename={(name, done) =>
                      update.mutate(
                        { id: item.id, version: item.version, name },
                        {
                          onSuccess: done,
                          onError: (e) =>
                            notifications.show({
                              color: 'red',
                              title: 'Not renamed',
                              message: fieldError(e, 'name') ?? errorMessage(e),
                            }),
                        },
                      )
                    }
                    onEdit={() => onEdit(item)}
                    onDelete={() => onDelete(item)}
                  />
                ))}
              </Stack>
            </SortableContext>
          </DndContext>
          {order.length === 0 && (
            <Text size="sm" c="dimmed" py="md" ta="center">
              No {noun}s yet. Add the first one below.
            </Text>
          )}
          <Text size="xs" c="dimmed" mt={6}>
            {ends[1]}
          </Text>
        </>
      )}

      {canEdit && (
        <form onSubmit={onAdd}>
          <Group mt="md" gap="sm" align="flex-start">
            <TextInput
              aria-label={`New ${noun} name`}
              placeholder={`New ${noun} name`}
              value={newName}
              onChange={(e) => setNewName(e.currentTarget.value)}
              maxLength={100}
              style={{ flex: 1 }}
              error={
                fieldError(create.error, 'name') ??
                (create.error ? errorMessage(create.error) : undefined)
              }
            />
            <Button
              type="submit"
              variant="light"
              leftSection={<IconPlus size={16} />}
              loading={create.isPending}
              disabled={!newName.trim()}
            >
              Add {noun}
            </Button>
          </Group>
        </form>
      )}
    </Card>
  );
}

interface SortableRowProps {
  item: OrderedItem;
  index: number;
  count: number;
  noun: string;
  canEdit: boolean;
  busy: boolean;
  marker: ReactNode;
  meta: ReactNode;
  onMove: (delta: -1 | 1) => void;
  onRename: (name: string, done: () => void) => void;
  onEdit: () => void;
  onDelete: () => void;
}

function SortableRow({
  item,
  index,
  count,
  noun,
  canEdit,
  busy,
  marker,
  meta,
  onMove,
  onRename,
  onEdit,
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
  const [name, setName] = useState(item.name);

  const submitRename = (e: FormEvent) => {
    e.preventDefault();
    const next = name.trim();
    if (!next || next === item.name) {
      setRenaming(false);
      setName(item.name);
      return;
    }
    onRename(next, () => setRenaming(false));
  };

  return (
    <Box
      component="li"
      ref={setNodeRef}
      aria-label={item.name}
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
        align="flex-start"
        px="xs"
        py={10}
        style={{
          border: '1px solid var(--mantine-color-default-border)',
          borderRadius: 'var(--mantine-radius-md)',
          background: 'var(--mantine-color-body)',
          boxShadow: isDragging ? 'var(--mantine-shadow-md)' : undefined,
        }}
      >
        {canEdit && (
          <ActionIcon
            ref={setActivatorNodeRef}
            variant="subtle"
            color="gray"
            aria-label={`Drag to reorder ${item.name}`}
            style={{ cursor: 'grab', touchAction: 'none' }}
            {...attributes}
            {...listeners}
          >
            <IconGripVertical size={16} />
          </ActionIcon>
        )}
        <Group gap={8} wrap="nowrap" mt={4} style={{ flexShrink: 0 }}>
          <Text size="sm" c="dimmed" w={16} ta="right" fw={600} lh={1}>
            {index + 1}
          </Text>
          {marker}
        </Group>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }}>
          {renaming ? (
            <form onSubmit={submitRename}>
              <Group gap={4} wrap="nowrap">
                <TextInput
                  size="xs"
                  aria-label={`Name of ${noun} ${item.name}`}
                  value={name}
                  onChange={(e) => setName(e.currentTarget.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Escape') {
                      e.stopPropagation();
                      setRenaming(false);
                      setName(item.name);
                    }
                  }}
                  maxLength={100}
                  autoFocus
                  style={{ flex: 1 }}
                />
                <ActionIcon type="submit" variant="light" aria-label="Save name">
                  <IconCheck size={14} />
                </ActionIcon>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label="Cancel rename"
                  onClick={() => {
                    setRenaming(false);
                    setName(item.name);
                  }}
                >
                  <IconX size={14} />
                </ActionIcon>
              </Group>
            </form>
          ) : (
            <Group gap={4} wrap="nowrap">
              <Text size="sm" fw={600} truncate>
                {item.name}
              </Text>
              {canEdit && (
                <Tooltip label="Rename" withArrow openDelay={400}>
                  <ActionIcon
                    size="sm"
                    variant="subtle"
                    color="gray"
                    aria-label={`Rename ${item.name}`}
                    onClick={() => {
                      setName(item.name);
                      setRenaming(true);
                    }}
                  >
                    <IconPencil size={13} />
                  </ActionIcon>
                </Tooltip>
              )}
            </Group>
          )}
          {item.description && (
            <Text size="xs" c="dimmed" lineClamp={2}>
              {item.description}
            </Text>
          )}
          <Group gap={6}>
            {meta}
            <Badge variant="light" color="gray" tt="none" fw={500}>
              {pluralize(item.partnerCount, 'partner')}
            </Badge>
          </Group>
        </Stack>
        {canEdit && (
          <Group gap={2} wrap="nowrap" style={{ flexShrink: 0 }}>
            <Tooltip label="Move up" withArrow openDelay={400}>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Move ${item.name} up`}
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
                aria-label={`Move ${item.name} down`}
                disabled={index === count - 1 || busy}
                onClick={() => onMove(1)}
              >
                <IconArrowDown size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Details" withArrow openDelay={400}>
              <ActionIcon
                variant="subtle"
                color="gray"
                aria-label={`Edit ${item.name}`}
                onClick={onEdit}
              >
                <IconSettings size={16} />
              </ActionIcon>
            </Tooltip>
            <Tooltip label="Delete" withArrow openDelay={400}>
              <ActionIcon
                variant="subtle"
                color="red"
                aria-label={`Delete ${item.name}`}
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
