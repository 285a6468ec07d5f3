import { Button } from '@mantine/core';
import { IconFileImport } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { ImportEntity } from '../../../shared/imports';
import { useCurrentUser } from '../../lib/session';
import { importableEntities } from './access';

/**
 * "Import" on a list page: opens the import wizard with the list's entity chosen. Shown only to
 * those who may create (hence import) such records.
 */
export function ImportButton({ entity }: { entity: ImportEntity }) {
  const me = useCurrentUser();
  if (!importableEntities(me).includes(entity)) return null;
  return (
    <Button
      component={Link}
      to={`/imports?entity=${entity}`}
      variant="default"
      leftSection={<IconFileImport size={16} aria-hidden />}
    >
      Import
    </Button>
  );
}
