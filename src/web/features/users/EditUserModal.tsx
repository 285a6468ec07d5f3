import { Alert, Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { isPartnerRole, type Role } from '../../../shared/role-names';
import { FormError } from '../../components/FormError';
import { isApiError } from '../../lib/api';
import { isRole } from '../../lib/format';
import { fieldError } from '../../lib/forms';
import type { User } from '../../lib/types';
import { useFetchUser, useUpdateUser, type UpdateUserInput } from './api';
import { sameSideRoleOptions } from './roleOptions';

const SHOWN_FIELDS = ['name', 'role'] as const;

interface EditUserModalProps {
  /** The user as listed when the dialog opened. Later list refreshes do not touch the form. */
  user: User;
  onClose: () => void;
}

export function EditUserModal({ user, onClose }: EditUserModalProps) {
  const update = useUpdateUser({ silent: true });
  const fetchUser = useFetchUser();
  // The version being edited; saves carry it so that someone else's newer change wins a 409.
  const [base, setBase] = useState<User>(user);
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);
  const [reloading, setReloading] = useState(false);

  const resetTo = (u: User) => {
    setBase(u);
    setName(u.name);
    setRole(u.role);
    update.reset();
  };

  const dirty = name.trim() !== base.name || role !== base.role;
  const conflict = isApiError(update.error) && update.error.status === 409;

  const reload = async () => {
    setReloading(true);
    try {
      resetTo(await fetchUser(base.id));
    } catch (error) {
      notifications.show({
        color: 'red',
        title: 'Could not reload',
        message: isApiError(error) ? error.message : 'Please try again.',
      });
    } finally {
      setReloading(false);
    }
  };

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!dirty || !name.trim()) return;
    const input: UpdateUserInput & { id: string } = { id: base.id, version: base.version };
    if (name.trim() !== base.name) input.name = name.trim();
    if (role !== base.role) input.role = role;
    update.mutate(input, {
      onSuccess: (saved) => {
        notifications.show({
          color: 'teal',
          title: 'Saved',
          message: `${saved.name} was updated.`,
        });
        onClose();
      },
    });
  };

  return (
    <Modal opened onClose={onClose} title={`Edit ${base.name}`} size="md">
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {conflict ? (
            <Alert color="yellow" variant="light" icon={<IconAlertTriangle size={18} />}>
              <Text size="sm">Someone else changed this user. Reload to see their changes?</Text>
              <Button
                size="xs"
                mt="xs"
                variant="light"
                color="yellow"
                loading={reloading}
                onClick={() => void reload()}
              >
                Reload
              </Button>
            </Alert>
          ) : (
            <FormError error={update.error} shownFields={SHOWN_FIELDS} />
          )}
          <TextInput label="Email" value={base.email} disabled description="Cannot be changed" />
          <TextInput
            label="Name"
            required
            data-autofocus
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={fieldError(update.error, 'name') ?? (!name.trim() ? 'Enter a name' : undefined)}
          />
          <Select
            label="Role"
            data={sameSideRoleOptions(isPartnerRole(base.role))}
            value={role}
            onChange={(v) => isRole(v) && setRole(v)}
            allowDeselect={false}
            error={fieldError(update.error, 'role')}
          />
          <Group justify="flex-end" mt="sm">
            <Button variant="default" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!dirty || !name.trim()} loading={update.isPending}>
              Save changes
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
