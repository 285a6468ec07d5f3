import {
  ActionIcon,
  Button,
  Divider,
  Group,
  Loader,
  Menu,
  Modal,
  Popover,
  ScrollArea,
  Stack,
  Switch,
  Text,
  TextInput,
  Tooltip,
  UnstyledButton,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconBookmark,
  IconChevronDown,
  IconDeviceFloppy,
  IconDots,
  IconPencil,
  IconPin,
  IconPinnedOff,
  IconRefresh,
  IconRestore,
  IconTrash,
  IconUsers,
} from '@tabler/icons-react';
import { useEffect, useState, type FormEvent, type JSX } from 'react';
import { FormError } from '../FormError';
import { openConfirm } from '../confirm';
import { isApiError } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import {
  useCreateView,
  useDeleteView,
  usePinnedViewQuery,
  usePinView,
  useSavedViews,
  useUpdateView,
  type SavedView,
  type SavedViewEntity,
} from './api';

export type { SavedView, SavedViewEntity };

export type ViewState = {
  filters: Record<string, unknown>;
  columns: string[];
  sort: string | null;
};

/** The list's own default: no filters, its default columns, its default sort. */
export const DEFAULT_VIEW_STATE: ViewState = { filters: {}, columns: [], sort: null };

const stateOf = (v: SavedView): ViewState => ({
  filters: v.filters,
  columns: v.columns,
  sort: v.sort,
});

interface SavedViewsMenuProps {
  entity: SavedViewEntity;
  current: ViewState;
  onApply: (state: ViewState, view: SavedView | null) => void;
  activeViewId?: string | null;
}

type Editing = { mode: 'create' } | { mode: 'edit'; view: SavedView } | null;

/**
 * Saved filters for a list: choose one, save the current filters as a new one, share it with
 * colleagues, pin it as the default the list opens with, and keep it up to date.
 */
export function SavedViewsMenu({
  entity,
  current,
  onApply,
  activeViewId,
}: SavedViewsMenuProps): JSX.Element {
  const [opened, setOpened] = useState(false);
  const [editing, setEditing] = useState<Editing>(null);
  // A view's "…" menu renders into the dropdown itself: inside the scrolling list it was cut
  // off at the bottom, and in a page-level portal a click on it would count as outside.
  const [dropdown, setDropdown] = useState<HTMLDivElement | null>(null);
  const views = useSavedViews(entity);
  const update = useUpdateView(entity);
  const remove = useDeleteView(entity);
  const pin = usePinView(entity);

  const all = views.data ?? [];
  const mine = all.filter((v) => v.mine);
  const shared = all.filter((v) => !v.mine);
  const active = all.find((v) => v.id === activeViewId) ?? null;

  const apply = (view: SavedView | null) => {
    setOpened(false);
    onApply(view ? stateOf(view) : DEFAULT_VIEW_STATE, view);
  };

  const updateWithCurrent = (view: SavedView) => {
    update.mutate(
      { id: view.id, version: view.version, ...current },
      {
        onSuccess: (saved) => {
          notifications.show({
            color: 'teal',
            title: 'View updated',
            message: `“${saved.name}” now holds the current filters, columns and sort.`,
          });
          if (saved.id === activeViewId) onApply(stateOf(saved), saved);
        },
      },
    );
  };

  const confirmDelete = (view: SavedView) => {
    openConfirm({
      title: 'Delete view',
      message: view.shared
        ? `Delete “${view.name}”? It is shared, so it disappears for your colleagues too.`
        : `Delete “${view.name}”?`,
      confirmLabel: 'Delete view',
      danger: true,
      onConfirm: () =>
        remove.mutate(view.id, {
          onSuccess: () => {
            notifications.show({ color: 'teal', title: 'View deleted', message: view.name });
            if (view.id === activeViewId) onApply(DEFAULT_VIEW_STATE, null);
          },
        }),
    });
  };

  const row = (view: SavedView) => (
    <Group key={view.id} gap={4} wrap="nowrap" justify="space-between">
      <UnstyledButton
        onClick={() => apply(view)}
        px="xs"
        py={6}
        style={{ flex: 1, borderRadius: 4, minWidth: 0 }}
        bg={view.id === activeViewId ? 'var(--mantine-color-blue-light)' : undefined}
        aria-current={view.id === activeViewId ? 'true' : undefined}
      >
        <Group gap={6} wrap="nowrap">
          {view.pinned && (
            <IconPin size={14} aria-label="Your default view" role="img" style={{ flex: 'none' }} />
          )}
          <Text size="sm" truncate>
            {view.name}
          </Text>
          {view.shared && view.mine && (
            <Tooltip label="Shared with your team">
              <IconUsers size={14} aria-label="Shared" role="img" style={{ flex: 'none' }} />
            </Tooltip>
          )}
        </Group>
        {!view.mine && (
          <Text size="xs" c="dimmed" truncate>
            by {view.owner.name}
          </Text>
        )}
      </UnstyledButton>
      <Menu
        position="bottom-end"
        withinPortal={dropdown !== null}
        portalProps={dropdown ? { target: dropdown } : undefined}
        shadow="md"
      >
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" aria-label={`Actions for view ${view.name}`}>
            <IconDots size={16} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {view.pinned ? (
            <Menu.Item
              leftSection={<IconPinnedOff size={14} />}
              onClick={() => pin.mutate({ id: view.id, pinned: false })}
            >
              Unpin as default
            </Menu.Item>
          ) : (
            <Menu.Item
              leftSection={<IconPin size={14} />}
              onClick={() => pin.mutate({ id: view.id, pinned: true })}
            >
              Pin as my default
            </Menu.Item>
          )}
          {view.abilities.update && (
            <>
              <Menu.Item
                leftSection={<IconPencil size={14} />}
                onClick={() => {
                  setOpened(false);
                  setEditing({ mode: 'edit', view });
                }}
              >
                Rename or share…
              </Menu.Item>
              <Menu.Item
                leftSection={<IconRefresh size={14} />}
                onClick={() => updateWithCurrent(view)}
              >
                Update with current view
              </Menu.Item>
            </>
          )}
          {view.abilities.delete && (
            <Menu.Item
              color="red"
              leftSection={<IconTrash size={14} />}
              onClick={() => {
                setOpened(false);
                confirmDelete(view);
              }}
            >
              Delete…
            </Menu.Item>
          )}
        </Menu.Dropdown>
      </Menu>
    </Group>
  );

  return (
    <>
      <Popover
        opened={opened}
        onChange={setOpened}
        position="bottom-start"
        width={320}
        shadow="md"
        trapFocus
      >
        <Popover.Target>
          <Button
            variant="default"
            aria-label="Saved views"
            leftSection={<IconBookmark size={16} />}
            rightSection={<IconChevronDown size={14} />}
            onClick={() => setOpened((o) => !o)}
          >
            {active ? `Views: ${active.name}` : 'Views'}
          </Button>
        </Popover.Target>
        <Popover.Dropdown p="xs" ref={setDropdown}>
          <Stack gap={4}>
            <UnstyledButton
              onClick={() => apply(null)}
              px="xs"
              py={6}
              style={{ borderRadius: 4 }}
              bg={!activeViewId ? 'var(--mantine-color-blue-light)' : undefined}
            >
              <Group gap={6}>
                <IconRestore size={14} />
                <Text size="sm">All records</Text>
              </Group>
            </UnstyledButton>
            <Divider />
            {views.isPending ? (
              <Group justify="center" py="sm">
                <Loader size="sm" aria-label="Loading views" />
              </Group>
            ) : views.isError ? (
              <Text size="sm" c="red" px="xs" role="alert">
                Views could not be loaded.{' '}
                <UnstyledButton onClick={() => void views.refetch()} c="blue" fz="sm">
                  Try again
                </UnstyledButton>
              </Text>
            ) : (
              <ScrollArea.Autosize mah={360}>
                <Stack gap={2}>
                  <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="xs" pt={4}>
                    My views
                  </Text>
                  {mine.length === 0 ? (
                    <Text size="sm" c="dimmed" px="xs">
                      No saved views yet. Set up filters and columns, then save them here.
                    </Text>
                  ) : (
                    mine.map(row)
                  )}
                  {shared.length > 0 && (
                    <>
                      <Text size="xs" fw={600} c="dimmed" tt="uppercase" px="xs" pt="xs">
                        Shared views
                      </Text>
                      {shared.map(row)}
                    </>
                  )}
                </Stack>
              </ScrollArea.Autosize>
            )}
            <Divider />
            <Button
              variant="subtle"
              justify="flex-start"
              leftSection={<IconDeviceFloppy size={16} />}
              onClick={() => {
                setOpened(false);
                setEditing({ mode: 'create' });
              }}
            >
              Save current view…
            </Button>
          </Stack>
        </Popover.Dropdown>
      </Popover>
      <SaveViewModal
        entity={entity}
        editing={editing}
        current={current}
        onClose={() => setEditing(null)}
        onSaved={(view, created) => {
          if (created || view.id === activeViewId) onApply(stateOf(view), view);
        }}
      />
    </>
  );
}

const SHOWN_FIELDS = ['name', 'shared', 'pinned'] as const;

function SaveViewModal({
  entity,
  editing,
  current,
  onClose,
  onSaved,
}: {
  entity: SavedViewEntity;
  editing: Editing;
  current: ViewState;
  onClose: () => void;
  onSaved: (view: SavedView, created: boolean) => void;
}) {
  const opened = editing !== null;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={editing?.mode === 'edit' ? 'Edit view' : 'Save current view'}
    >
      {editing && (
        // Keyed so each opening starts from the view's current values.
        <SaveViewForm
          key={editing.mode === 'edit' ? editing.view.id : 'new'}
          entity={entity}
          editing={editing}
          current={current}
          onClose={onClose}
          onSaved={onSaved}
        />
      )}
    </Modal>
  );
}

function SaveViewForm({
  entity,
  editing,
  current,
  onClose,
  onSaved,
}: {
  entity: SavedViewEntity;
  editing: Exclude<Editing, null>;
  current: ViewState;
  onClose: () => void;
  onSaved: (view: SavedView, created: boolean) => void;
}) {
  const view = editing.mode === 'edit' ? editing.view : null;
  const create = useCreateView(entity);
  const update = useUpdateView(entity, { silent: true });
  const pin = usePinView(entity);
  const [name, setName] = useState(view?.name ?? '');
  const [shared, setShared] = useState(view?.shared ?? false);
  const [pinned, setPinned] = useState(view?.pinned ?? false);
  const [submitted, setSubmitted] = useState(false);
  const error = view ? update.error : create.error;
  const pending = create.isPending || update.isPending || pin.isPending;
  const nameProblem = !name.trim() ? 'Give the view a name' : undefined;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (nameProblem) return;
    if (!view) {
      create.mutate(
        { entity, name: name.trim(), ...current, shared, pinned },
        {
          onSuccess: (saved) => {
            notifications.show({ color: 'teal', title: 'View saved', message: saved.name });
            onSaved(saved, true);
            onClose();
          },
        },
      );
      return;
    }
    update.mutate(
      { id: view.id, version: view.version, name: name.trim(), shared },
      {
        onSuccess: (saved) => {
          const done = () => {
            notifications.show({ color: 'teal', title: 'View updated', message: saved.name });
            onSaved({ ...saved, pinned }, false);
            onClose();
          };
          if (pinned === view.pinned) done();
          else pin.mutate({ id: saved.id, pinned }, { onSuccess: done });
        },
      },
    );
  };

  const stale = isApiError(error) && error.status === 409 && error.fields?.version;
  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack>
        {stale ? (
          <Text size="sm" c="red" role="alert">
            This view was changed elsewhere since you opened it. Close this dialog and try again.
          </Text>
        ) : (
          <FormError error={error} shownFields={SHOWN_FIELDS} />
        )}
        <TextInput
          label="Name"
          required
          data-autofocus
          maxLength={100}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={fieldError(error, 'name') ?? (submitted ? nameProblem : undefined)}
        />
        <Switch
          label="Share with my team"
          description="Colleagues can use it; only you can change it."
          checked={shared}
          onChange={(e) => setShared(e.currentTarget.checked)}
        />
        <Switch
          label="Pin as my default"
          description="The list opens with this view."
          checked={pinned}
          onChange={(e) => setPinned(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" loading={pending}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The caller's pinned view for a list, for applying it when the list first opens. */
export function usePinnedView(entity: SavedViewEntity): { ready: boolean; view: SavedView | null } {
  const q = usePinnedViewQuery(entity);
  return { ready: !q.isPending, view: q.data ?? null };
}

/**
 * Applies the caller's pinned view once, on a visit that asked for nothing else (`wanted`: e.g.
 * an address without filters); a shared link, back or "Clear filters" always wins. True while the
 * pinned view is still loading, so the list can show a skeleton instead of flashing unfiltered.
 */
export function usePinnedViewOnce(
  entity: SavedViewEntity,
  wanted: boolean,
  apply: (view: SavedView) => void,
): boolean {
  const pinned = usePinnedView(entity);
  const [waiting, setWaiting] = useState(wanted);
  useEffect(() => {
    if (!waiting || !pinned.ready) return;
    if (pinned.view) apply(pinned.view);
    setWaiting(false);
  }, [waiting, pinned.ready, pinned.view, apply]);
  return waiting;
}
