import { Button, Skeleton } from '@mantine/core';
import { IconPencil, IconTrash } from '@tabler/icons-react';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactElement } from 'react';
import { isApiError } from '../lib/api';
import { ErrorAlert } from './ErrorAlert';
import { NotFoundContent } from './NotFound';
import { PageHeader, type Crumb } from './PageHeader';

/**
 * The states of a record's detail page before its record is there: not found (also what an
 * out-of-scope record answers), loading, failed. Returns the record once loaded, or the view to
 * show instead:
 *
 *   const gate = recordGate(query, crumbs, 'Account');
 *   if (gate.view) return gate.view;
 */
export function recordGate<T>(
  query: UseQueryResult<T>,
  crumbs: Crumb[],
  noun: string,
): { data: T; view?: undefined } | { data?: undefined; view: ReactElement } {
  if (query.isError && isApiError(query.error) && query.error.status === 404) {
    return { view: <NotFoundContent /> };
  }
  if (query.isPending) {
    return {
      view: (
        <>
          <PageHeader breadcrumbs={crumbs} title={<Skeleton height={30} width={300} />} />
          <Skeleton height={200} />
        </>
      ),
    };
  }
  if (query.isError) {
    return {
      view: (
        <>
          <PageHeader breadcrumbs={crumbs} title={noun} />
          <ErrorAlert
            error={query.error}
            title={`Could not load the ${noun.toLowerCase()}`}
            onRetry={() => void query.refetch()}
          />
        </>
      ),
    };
  }
  return { data: query.data };
}

/** Edit and Delete for a record's header, each shown only when the record's abilities allow. */
export function EditDeleteActions({
  abilities,
  onEdit,
  onDelete,
  deleting,
}: {
  abilities: Record<string, boolean>;
  onEdit: () => void;
  onDelete: () => void;
  deleting: boolean;
}) {
  return (
    <>
      {abilities.update && (
        <Button variant="default" leftSection={<IconPencil size={16} />} onClick={onEdit}>
          Edit
        </Button>
      )}
      {abilities.delete && (
        <Button
          variant="default"
          color="red"
          leftSection={<IconTrash size={16} />}
          onClick={onDelete}
          loading={deleting}
        >
          Delete
        </Button>
      )}
    </>
  );
}
