import {
  ActionIcon,
  Badge,
  Button,
  Group,
  Loader,
  Menu,
  Skeleton,
  Stack,
  Text,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useDraggable,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type KeyboardCoordinateGetter,
} from '@dnd-kit/core';
import {
  useInfiniteQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query';
import { defaultRangeExtractor, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { IconArrowsMove, IconBan, IconDotsVertical } from '@tabler/icons-react';
import {
  memo,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type ReactNode,
} from 'react';
import { errorMessage } from '../../lib/api';
import classes from './KanbanBoard.module.css';

/** Thrown from onMove when the user calls a move off (closes a prompt); nothing is reported. */
export class MoveCancelled extends Error {
  constructor(message = 'The move was cancelled.') {
    super(message);
    this.name = 'MoveCancelled';
  }
}

export type KanbanColumn = {
  key: string;
  label: string;
  count: number;
  summary?: ReactNode;
  accent?: string;
  /** refuse drops here, with this reason */
  dropRefusal?: string;
};

type CardPage<T> = { data: T[]; nextCursor: string | null };
type ColumnData<T> = InfiniteData<CardPage<T>, string | null>;

export interface KanbanBoardProps<T extends { id: string }> {
  ariaLabel: string;
  columns: KanbanColumn[];
  /** one page of a column's cards (keyset); the board loads more as the column scrolls */
  fetchPage: (columnKey: string, cursor: string | null) => Promise<CardPage<T>>;
  /** react-query key prefix; the board appends the column key. Invalidate it to refresh. */
  queryKey: readonly unknown[];
  renderCard: (item: T) => ReactNode;
  /** estimated card height in px for the virtualizer */
  estimateCardHeight?: number;
  /**
   * move a card; throw (e.g. an ApiError) to refuse — the card goes back and the message is
   * shown; throw a MoveCancelled when the user called the move off, and the card goes back quietly. Resolve with the saved item to update the card in place; otherwise both columns are
   * reloaded so the card carries the server's latest version.
   */
  onMove?: (item: T, fromKey: string, toKey: string) => Promise<T | void>;
  canDrag?: (item: T) => boolean;
  /** accessible alternative to dragging: a "Move to…" menu on each card */
  moveTargets?: (item: T, fromKey: string) => { key: string; label: string }[];
  /** a card's name for screen readers and the move menu ("Ada Lovelace, Initech") */
  cardLabel?: (item: T) => string;
  /** height of the column bodies; they scroll on their own */
  height?: CSSProperties['height'];
}

const CARD_GAP = 8;
const EMPTY: never[] = [];

/** Drop targets are columns: the one under the pointer, else the one the card overlaps most. */
const collisionDetection: CollisionDetection = (args) => {
  const under = pointerWithin(args);
  if (under.length > 0) return under;
  const overlapping = rectIntersection(args);
  return overlapping.length > 0 ? overlapping : closestCorners(args);
};

/** Arrow keys jump a lifted card to the neighbouring column instead of nudging it by pixels. */
const columnKeyboardCoordinates: KeyboardCoordinateGetter = (
  event,
  { context: { collisionRect, droppableRects, droppableContainers } },
) => {
  const right = event.code === 'ArrowRight';
  if (!right && event.code !== 'ArrowLeft') return undefined;
  event.preventDefault();
  if (!collisionRect) return undefined;
  const centre = collisionRect.left + collisionRect.width / 2;
  const rects = droppableContainers
    .getEnabled()
    .map((c) => droppableRects.get(c.id))
    .filter((r): r is NonNullable<typeof r> => Boolean(r))
    .sort((a, b) => a.left - b.left);
  const target = right
    ? rects.find((r) => r.left > centre)
    : [...rects].reverse().find((r) => r.left + r.width < centre);
  if (!target) return undefined;
  return {
    x: target.left + (target.width - collisionRect.width) / 2,
    y: Math.max(collisionRect.top, target.top + 48),
  };
};

interface DragState<T> {
  item: T;
  from: string;
  /** the lifted card's width, so the card under the pointer keeps its size */
  width?: number;
}

/**
 * A generic Kanban board: columns side by side, each a virtualized, infinitely loading list of
 * cards (only the visible cards are rendered, so a column of 10,000 stays smooth). Cards move
 * by dragging (mouse, touch or keyboard) or through their "Move to…" menu. A move shows at
 * once and is rolled back, with the reason, when the server refuses it.
 */
export function KanbanBoard<T extends { id: string }>({
  ariaLabel,
  columns,
  fetchPage,
  queryKey,
  renderCard,
  estimateCardHeight = 96,
  onMove,
  canDrag,
  moveTargets,
  cardLabel,
  height = 'max(420px, calc(100dvh - 300px))',
}: KanbanBoardProps<T>) {
  const queryClient = useQueryClient();
  const [drag, setDrag] = useState<DragState<T> | null>(null);
  const [overKey, setOverKey] = useState<string | null>(null);
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  // Counts shown before the server's new counts arrive; reset whenever the columns change.
  const [deltas, setDeltas] = useState<{ of: KanbanColumn[]; by: Record<string, number> }>({
    of: columns,
    by: {},
  });
  const countDeltas = deltas.of === columns ? deltas.by : {};

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: columnKeyboardCoordinates }),
  );

  const columnByKey = useMemo(() => new Map(columns.map((c) => [c.key, c])), [columns]);
  const labelOf = useCallback((item: T) => (cardLabel ? cardLabel(item) : 'Card'), [cardLabel]);
  const columnLabel = useCallback(
    (key: string | number | undefined | null) =>
      key == null ? 'no column' : (columnByKey.get(String(key))?.label ?? String(key)),
    [columnByKey],
  );

  const move = useCallback(
    async (item: T, from: string, to: string) => {
      if (!onMove || from === to) return;
      const target = columnByKey.get(to);
      if (target?.dropRefusal) {
        notifications.show({
          color: 'orange',
          title: `Cannot move to ${target.label}`,
          message: target.dropRefusal,
        });
        return;
      }
      const fromKey = [...queryKey, from];
      const toKey = [...queryKey, to];
      await Promise.all([
        queryClient.cancelQueries({ queryKey: fromKey, exact: true }),
        queryClient.cancelQueries({ queryKey: toKey, exact: true }),
      ]);
      const before = {
        from: queryClient.getQueryData<ColumnData<T>>(fromKey),
        to: queryClient.getQueryData<ColumnData<T>>(toKey),
      };
      // Shown at once: out of its column, on top of the other one.
      queryClient.setQueryData<ColumnData<T>>(fromKey, (d) => removeCard(d, item.id));
      queryClient.setQueryData<ColumnData<T>>(toKey, (d) => prependCard(d, item));
      const shift = (sign: 1 | -1) =>
        setDeltas((prev) => {
          const by = prev.of === columns ? { ...prev.by } : {};
          by[from] = (by[from] ?? 0) - sign;
          by[to] = (by[to] ?? 0) + sign;
          return { of: columns, by };
        });
      shift(1);
      setSaving((s) => new Set(s).add(item.id));
      try {
        const saved = await onMove(item, from, to);
        if (saved) {
          queryClient.setQueryData<ColumnData<T>>(toKey, (d) => replaceCard(d, saved));
        } else {
          void queryClient.invalidateQueries({ queryKey: fromKey, exact: true });
          void queryClient.invalidateQueries({ queryKey: toKey, exact: true });
        }
      } catch (error) {
        queryClient.setQueryData(fromKey, before.from);
        queryClient.setQueryData(toKey, before.to);
        shift(-1);
        // The person changed their mind (closed a prompt): the card simply goes back.
        if (error instanceof MoveCancelled) return;
        notifications.show({
          color: 'red',
          title: `Not moved to ${target?.label ?? to}`,
          message: errorMessage(error),
        });
      } finally {
        setSaving((s) => {
          const next = new Set(s);
          next.delete(item.id);
          return next;
        });
      }
    },
    [onMove, columnByKey, queryKey, queryClient, columns],
  );

  const onDragStart = (event: DragStartEvent) => {
    const data = event.active.data.current as DragState<T> | undefined;
    if (data) setDrag({ ...data, width: event.active.rect.current.initial?.width });
  };
  const onDragOver = (event: DragOverEvent) =>
    setOverKey(event.over ? String(event.over.id) : null);
  const onDragEnd = (event: DragEndEvent) => {
    const data = event.active.data.current as DragState<T> | undefined;
    setDrag(null);
    setOverKey(null);
    if (!data || !event.over) return;
    void move(data.item, data.from, String(event.over.id));
  };
  const onDragCancel = () => {
    setDrag(null);
    setOverKey(null);
  };

  const announcements: Announcements = {
    onDragStart: ({ active }) => {
      const d = active.data.current as DragState<T> | undefined;
      return d
        ? `Picked up ${labelOf(d.item)} from ${columnLabel(d.from)}. Use the left and right arrow keys to choose a column, space to drop, escape to cancel.`
        : 'Picked up a card.';
    },
    onDragOver: ({ over }) => (over ? `Over ${columnLabel(over.id)}.` : 'Not over a column.'),
    onDragEnd: ({ active, over }) => {
      const d = active.data.current as DragState<T> | undefined;
      const name = d ? labelOf(d.item) : 'The card';
      if (!over || !d || String(over.id) === d.from) return `${name} was dropped where it was.`;
      const refusal = columnByKey.get(String(over.id))?.dropRefusal;
      return refusal
        ? `${name} cannot move to ${columnLabel(over.id)}: ${refusal}`
        : `${name} moved to ${columnLabel(over.id)}.`;
    },
    onDragCancel: ({ active }) => {
      const d = active.data.current as DragState<T> | undefined;
      return `Moving ${d ? labelOf(d.item) : 'the card'} was cancelled.`;
    },
  };

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisionDetection}
      onDragStart={onDragStart}
      onDragOver={onDragOver}
      onDragEnd={onDragEnd}
      onDragCancel={onDragCancel}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            'To move this card, press space or enter, use the left and right arrow keys to choose a column, then press space or enter again. Or use the card’s Move menu.',
        },
      }}
    >
      <div className={classes.board} role="group" aria-label={ariaLabel} data-testid="kanban-board">
        {columns.map((column) => (
          <BoardColumn<T>
            key={column.key}
            column={column}
            count={column.count + (countDeltas[column.key] ?? 0)}
            queryKey={queryKey}
            fetchPage={fetchPage}
            renderCard={renderCard}
            estimateCardHeight={estimateCardHeight}
            height={height}
            canDrag={onMove ? canDrag : () => false}
            moveTargets={onMove ? moveTargets : undefined}
            cardLabel={labelOf}
            onMoveTo={move}
            activeId={drag?.from === column.key ? drag.item.id : null}
            isOver={overKey === column.key && drag?.from !== column.key}
            saving={saving}
          />
        ))}
      </div>
      <DragOverlay dropAnimation={null}>
        {drag ? (
          <div className={`${classes.card} ${classes.overlay}`} style={{ width: drag.width }}>
            {renderCard(drag.item)}
          </div>
        ) : null}
      </DragOverlay>
    </DndContext>
  );
}

interface BoardColumnProps<T extends { id: string }> {
  column: KanbanColumn;
  count: number;
  queryKey: readonly unknown[];
  fetchPage: KanbanBoardProps<T>['fetchPage'];
  renderCard: (item: T) => ReactNode;
  estimateCardHeight: number;
  height: CSSProperties['height'];
  canDrag: ((item: T) => boolean) | undefined;
  moveTargets: KanbanBoardProps<T>['moveTargets'];
  cardLabel: (item: T) => string;
  onMoveTo: (item: T, from: string, to: string) => Promise<void>;
  activeId: string | null;
  isOver: boolean;
  saving: ReadonlySet<string>;
}

function BoardColumn<T extends { id: string }>({
  column,
  count,
  queryKey,
  fetchPage,
  renderCard,
  estimateCardHeight,
  height,
  canDrag,
  moveTargets,
  cardLabel,
  onMoveTo,
  activeId,
  isOver,
  saving,
}: BoardColumnProps<T>) {
  const { setNodeRef } = useDroppable({ id: column.key });
  const scrollRef = useRef<HTMLDivElement>(null);
  const query = useInfiniteQuery({
    queryKey: [...queryKey, column.key],
    queryFn: ({ pageParam }) => fetchPage(column.key, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const items = useMemo(() => query.data?.pages.flatMap((p) => p.data) ?? EMPTY, [query.data]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = query;

  // The card being dragged stays rendered even when scrolled out of view, so the drag survives.
  const activeIndex = activeId ? items.findIndex((i) => i.id === activeId) : -1;
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      if (activeIndex >= 0 && !indexes.includes(activeIndex)) {
        indexes.push(activeIndex);
        indexes.sort((a, b) => a - b);
      }
      return indexes;
    },
    [activeIndex],
  );

  const virtualizer = useVirtualizer({
    count: items.length + (hasNextPage ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => estimateCardHeight + CARD_GAP,
    getItemKey: (index) => items[index]?.id ?? '__more__',
    overscan: 6,
    rangeExtractor,
  });
  const virtualItems = virtualizer.getVirtualItems();
  const lastIndex = virtualItems.length > 0 ? virtualItems[virtualItems.length - 1]!.index : -1;

  // Infinite loading: the next page is asked for as the end of the loaded cards comes into view.
  useEffect(() => {
    if (hasNextPage && !isFetchingNextPage && lastIndex >= items.length - 3) {
      void fetchNextPage();
    }
  }, [hasNextPage, isFetchingNextPage, lastIndex, items.length, fetchNextPage]);

  const refuses = isOver && Boolean(column.dropRefusal);
  const headingId = `kanban-col-${column.key}`;

  return (
    <section
      ref={setNodeRef}
      className={classes.column}
      style={column.accent ? ({ '--column-accent': column.accent } as CSSProperties) : undefined}
      data-testid={`kanban-column-${column.key}`}
      data-over={isOver && !refuses ? 'true' : undefined}
      data-refuses={refuses ? 'true' : undefined}
      aria-labelledby={headingId}
    >
      <div className={classes.header}>
        <Group justify="space-between" gap={6} wrap="nowrap">
          <Group gap={6} wrap="nowrap" style={{ minWidth: 0 }}>
            <Text id={headingId} fw={650} size="sm" truncate title={column.label}>
              {column.label}
            </Text>
            <Badge
              size="sm"
              variant="light"
              color="gray"
              radius="sm"
              style={{ flex: 'none', overflow: 'visible' }}
              data-testid={`kanban-count-${column.key}`}
              aria-label={`${count.toLocaleString()} cards`}
            >
              {count.toLocaleString()}
            </Badge>
          </Group>
          {column.dropRefusal && (
            <Tooltip label={column.dropRefusal} multiline w={260} withArrow>
              <IconBan
                size={14}
                color="var(--mantine-color-dimmed)"
                aria-label="Cards cannot be dropped here"
                role="img"
              />
            </Tooltip>
          )}
        </Group>
        {column.summary !== undefined && (
          <Text size="xs" c="dimmed" mt={2} data-testid={`kanban-summary-${column.key}`}>
            {column.summary}
          </Text>
        )}
      </div>
      {refuses && (
        <Text size="xs" c="red.8" className={classes.refusal} role="status">
          {column.dropRefusal}
        </Text>
      )}
      <div
        ref={scrollRef}
        className={classes.body}
        style={{ height }}
        role="list"
        aria-label={`${column.label} cards`}
        aria-busy={query.isPending || isFetchingNextPage}
        tabIndex={-1}
      >
        {query.isPending ? (
          <Stack gap={CARD_GAP} aria-hidden>
            {[0, 1, 2].map((i) => (
              <Skeleton key={i} height={estimateCardHeight - 12} radius="md" />
            ))}
          </Stack>
        ) : query.isError && items.length === 0 ? (
          <Stack gap="xs" p="xs" role="alert">
            <Text size="sm" c="red">
              Could not load these cards: {errorMessage(query.error)}
            </Text>
            <Button size="xs" variant="light" color="red" onClick={() => void query.refetch()}>
              Try again
            </Button>
          </Stack>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed" ta="center" py="lg">
            {isOver ? 'Drop here' : 'Nothing here'}
          </Text>
        ) : (
          <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
            {virtualItems.map((v) => {
              const item = items[v.index];
              return (
                <div
                  key={v.key}
                  data-index={v.index}
                  ref={virtualizer.measureElement}
                  style={{
                    position: 'absolute',
                    top: 0,
                    left: 0,
                    width: '100%',
                    transform: `translateY(${v.start}px)`,
                    paddingBottom: CARD_GAP,
                  }}
                >
                  {item ? (
                    <BoardCard<T>
                      item={item}
                      columnKey={column.key}
                      renderCard={renderCard}
                      draggable={canDrag ? canDrag(item) : true}
                      targets={moveTargets?.(item, column.key) ?? EMPTY}
                      label={cardLabel(item)}
                      onMoveTo={onMoveTo}
                      dragging={item.id === activeId}
                      saving={saving.has(item.id)}
                    />
                  ) : (
                    <Group justify="center" py="xs" gap="xs">
                      {query.isFetchNextPageError ? (
                        <Button size="xs" variant="subtle" onClick={() => void fetchNextPage()}>
                          Could not load more — try again
                        </Button>
                      ) : (
                        <>
                          <Loader size="xs" />
                          <Text size="xs" c="dimmed">
                            Loading more…
                          </Text>
                        </>
                      )}
                    </Group>
                  )}
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}

interface BoardCardProps<T extends { id: string }> {
  item: T;
  columnKey: string;
  renderCard: (item: T) => ReactNode;
  draggable: boolean;
  targets: { key: string; label: string }[];
  label: string;
  onMoveTo: (item: T, from: string, to: string) => Promise<void>;
  dragging: boolean;
  saving: boolean;
}

function BoardCardInner<T extends { id: string }>({
  item,
  columnKey,
  renderCard,
  draggable,
  targets,
  label,
  onMoveTo,
  dragging,
  saving,
}: BoardCardProps<T>) {
  const { setNodeRef, setActivatorNodeRef, attributes, listeners } = useDraggable({
    id: item.id,
    data: { item, from: columnKey } satisfies DragState<T>,
    disabled: !draggable || saving,
    attributes: { role: 'listitem', roleDescription: 'movable card' },
  });
  const setRef = (node: HTMLDivElement | null) => {
    setNodeRef(node);
    setActivatorNodeRef(node);
  };
  return (
    <div
      ref={setRef}
      className={classes.card}
      data-testid={`kanban-card-${item.id}`}
      data-draggable={draggable ? 'true' : undefined}
      data-dragging={dragging ? 'true' : undefined}
      data-saving={saving ? 'true' : undefined}
      aria-label={label}
      {...attributes}
      {...(draggable ? listeners : {})}
      tabIndex={draggable ? 0 : -1}
    >
      {renderCard(item)}
      {targets.length > 0 && (
        <div className={classes.cardMenu}>
          <Menu position="bottom-end" shadow="md" withinPortal>
            <Menu.Target>
              <ActionIcon
                variant="subtle"
                color="gray"
                size="sm"
                aria-label={`Move ${label} to…`}
                // The menu button never starts a drag.
                onPointerDown={(e) => e.stopPropagation()}
                onKeyDown={(e) => e.stopPropagation()}
                loading={saving}
              >
                <IconDotsVertical size={16} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Label>Move to</Menu.Label>
              {targets.map((t) => (
                <Menu.Item
                  key={t.key}
                  leftSection={<IconArrowsMove size={14} />}
                  onClick={() => void onMoveTo(item, columnKey, t.key)}
                >
                  {t.label}
                </Menu.Item>
              ))}
            </Menu.Dropdown>
          </Menu>
        </div>
      )}
    </div>
  );
}

const BoardCard = memo(BoardCardInner) as typeof BoardCardInner;

// ---------------------------------------------------------------------------------------------
// Cache edits for an optimistic move

function removeCard<T extends { id: string }>(
  data: ColumnData<T> | undefined,
  id: string,
): ColumnData<T> | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((p) => ({ ...p, data: p.data.filter((i) => i.id !== id) })),
  };
}

function prependCard<T extends { id: string }>(
  data: ColumnData<T> | undefined,
  item: T,
): ColumnData<T> | undefined {
  // A column never loaded fetches its cards (with this one) when it is shown.
  if (!data || data.pages.length === 0) return data;
  const [first, ...rest] = data.pages;
  return {
    ...data,
    pages: [{ ...first!, data: [item, ...first!.data.filter((i) => i.id !== item.id)] }, ...rest],
  };
}

function replaceCard<T extends { id: string }>(
  data: ColumnData<T> | undefined,
  item: T,
): ColumnData<T> | undefined {
  if (!data) return data;
  return {
    ...data,
    pages: data.pages.map((p) => ({
      ...p,
      data: p.data.map((i) => (i.id === item.id ? item : i)),
    })),
  };
}

/** Reloads every column of a board (after a change made elsewhere, e.g. a bulk edit). */
export const invalidateBoard = (queryClient: QueryClient, queryKey: readonly unknown[]) =>
  queryClient.invalidateQueries({ queryKey });
