import {
  ActionIcon,
  Badge,
  Button,
  Card,
  Group,
  Stack,
  Table,
  Text,
  TextInput,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconCheck, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { Currency } from '../../../shared/sales-setup';
import { openConfirm } from '../../components/confirm';
import { errorMessage } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import { useCurrencyMutations } from './api';

const RATE = /^\d{1,10}(\.\d{1,8})?$/;

export function CurrenciesTab({ currencies, base }: { currencies: Currency[]; base: string }) {
  const { upsert, remove } = useCurrencyMutations();
  const [code, setCode] = useState('');
  const [rate, setRate] = useState('');

  const onAdd = (e: FormEvent) => {
    e.preventDefault();
    const c = code.trim().toUpperCase();
    upsert.mutate(
      { code: c, rate: rate.trim() },
      {
        onSuccess: () => {
          setCode('');
          setRate('');
          notifications.show({
            color: 'teal',
            title: 'Currency saved',
            message: `1 ${base} = ${rate.trim()} ${c}`,
          });
        },
      },
    );
  };

  const onDelete = (c: Currency) =>
    openConfirm({
      title: 'Delete currency',
      message: `Delete ${c.code}? Only a currency no lead, opportunity or campaign uses can be deleted.`,
      confirmLabel: 'Delete currency',
      danger: true,
      onConfirm: () =>
        remove.mutate(c.code, {
          onSuccess: () =>
            notifications.show({
              color: 'teal',
              title: 'Deleted',
              message: `${c.code} was deleted.`,
            }),
          onError: (e) =>
            notifications.show({
              color: 'red',
              title: `Could not delete ${c.code}`,
              message: errorMessage(e),
              autoClose: false,
            }),
        }),
    });

  const known = currencies.some((c) => c.code === code.trim().toUpperCase());

  return (
    <Card padding="lg" component="section" aria-label="Currencies">
      <Stack gap={2} mb="md">
        <Text fw={650} size="lg" component="h2" m={0}>
          Currencies
        </Text>
        <Text size="sm" c="dimmed">
          Records keep their own currency. Totals that mix currencies — board columns, forecasts,
          reports — are converted to the base currency, <strong>{base}</strong>, with these rates
          (units of the currency for one {base}).
        </Text>
      </Stack>
      <Table verticalSpacing="xs" highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Currency</Table.Th>
            <Table.Th>Rate for 1 {base}</Table.Th>
            <Table.Th w={60} />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {currencies.map((c) => (
            <CurrencyRow key={`${c.code}:${c.rate}`} currency={c} onDelete={() => onDelete(c)} />
          ))}
        </Table.Tbody>
      </Table>
      <form onSubmit={onAdd}>
        <Group mt="md" gap="sm" align="flex-start">
          <TextInput
            aria-label="Currency code"
            placeholder="Code, e.g. JPY"
            value={code}
            onChange={(e) => setCode(e.currentTarget.value.toUpperCase())}
            maxLength={3}
            w={140}
            error={fieldError(upsert.error, 'code')}
          />
          <TextInput
            aria-label={`Rate for 1 ${base}`}
            placeholder={`Rate for 1 ${base}`}
            value={rate}
            onChange={(e) => setRate(e.currentTarget.value)}
            inputMode="decimal"
            w={180}
            error={
              fieldError(upsert.error, 'rate') ??
              (upsert.error && !fieldError(upsert.error, 'code')
                ? errorMessage(upsert.error)
                : undefined)
            }
          />
          <Button
            type="submit"
            variant="light"
            leftSection={<IconPlus size={16} />}
            loading={upsert.isPending}
            disabled={!/^[A-Za-z]{3}$/.test(code.trim()) || !RATE.test(rate.trim())}
          >
            {known ? 'Update rate' : 'Add currency'}
          </Button>
        </Group>
      </form>
    </Card>
  );
}

function CurrencyRow({ currency, onDelete }: { currency: Currency; onDelete: () => void }) {
  const { upsert } = useCurrencyMutations();
  const [rate, setRate] = useState(currency.rate);
  const dirty = rate.trim() !== currency.rate;
  const valid = RATE.test(rate.trim()) && Number(rate) > 0;

  const save = (e: FormEvent) => {
    e.preventDefault();
    upsert.mutate(
      { code: currency.code, rate: rate.trim() },
      {
        onSuccess: () =>
          notifications.show({
            color: 'teal',
            title: 'Rate saved',
            message: `${currency.code} rate is now ${rate.trim()}.`,
          }),
      },
    );
  };

  return (
    <Table.Tr>
      <Table.Td>
        <Group gap="xs">
          <Text fw={600} ff="monospace">
            {currency.code}
          </Text>
          {currency.isBase && (
            <Badge size="sm" variant="light">
              Base
            </Badge>
          )}
        </Group>
      </Table.Td>
      <Table.Td>
        {currency.isBase ? (
          <Text size="sm" c="dimmed">
            1 (fixed)
          </Text>
        ) : (
          <form onSubmit={save}>
            <Group gap={4} wrap="nowrap">
              <TextInput
                size="xs"
                aria-label={`Rate of ${currency.code}`}
                value={rate}
                onChange={(e) => setRate(e.currentTarget.value)}
                inputMode="decimal"
                w={140}
                error={
                  !valid
                    ? 'Enter a positive number'
                    : (fieldError(upsert.error, 'rate') ??
                      (upsert.error ? errorMessage(upsert.error) : undefined))
                }
              />
              {dirty && (
                <ActionIcon
                  type="submit"
                  variant="light"
                  aria-label={`Save rate of ${currency.code}`}
                  loading={upsert.isPending}
                  disabled={!valid}
                >
                  <IconCheck size={14} />
                </ActionIcon>
              )}
            </Group>
          </form>
        )}
      </Table.Td>
      <Table.Td>
        {!currency.isBase && (
          <Tooltip label="Delete" withArrow openDelay={400}>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={`Delete ${currency.code}`}
              onClick={onDelete}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Tooltip>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
