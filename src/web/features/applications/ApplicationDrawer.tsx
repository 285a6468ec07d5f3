import {
  Alert,
  Anchor,
  Badge,
  Button,
  Divider,
  Drawer,
  Group,
  Select,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconArrowRight,
  IconCircleCheck,
  IconCircleX,
  IconExternalLink,
} from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { Link } from 'react-router';
import { APPLICATION_LIMITS, APPLICATION_STATUS_LABELS } from '../../../shared/applications';
import { countryName } from '../../../shared/countries';
import { PARTNER_TYPE_LABELS, SLA_TIER_LABELS } from '../../../shared/partners';
import { ErrorAlert } from '../../components/ErrorAlert';
import { FormError } from '../../components/FormError';
import { PartnerStatusBadge } from '../../components/PartnerStatusBadge';
import { openConfirm } from '../../components/confirm';
import { isApiError } from '../../lib/api';
import { formatDateTime } from '../../lib/format';
import { fieldError } from '../../lib/forms';
import {
  useApplication,
  useApprovalOptions,
  useApproveApplication,
  useDeclineApplication,
  type Application,
  type ApplicationStatus,
} from './api';

export const STATUS_COLORS: Record<ApplicationStatus, string> = {
  pending: 'yellow',
  approved: 'teal',
  declined: 'gray',
};

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600} lts={0.3}>
        {label}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }} component="div">
        {children === null || children === undefined || children === '' ? (
          <Text span c="dimmed" size="sm">
            —
          </Text>
        ) : (
          children
        )}
      </Text>
    </div>
  );
}

/** Possible duplicates, named so the reviewer can open the existing partner before deciding. */
export function DuplicateWarning({ app }: { app: Application }) {
  const { partners, applications } = app.duplicates;
  if (partners.length === 0 && applications.length === 0) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle size={18} />}
      title="Possible duplicate"
    >
      <Stack gap={6}>
        {partners.map((p) => (
          <Group key={p.id} gap={6} wrap="wrap">
            <Text size="sm">
              Existing partner with the same{' '}
              {p.matchedOn.map((m) => (m === 'name' ? 'name' : 'domain')).join(' and ')}:
            </Text>
            <Anchor component={Link} to={`/partners/${p.id}`} size="sm" fw={600}>
              {p.companyName}
            </Anchor>
            <PartnerStatusBadge status={p.status} />
          </Group>
        ))}
        {applications.map((a) => (
          <Text size="sm" key={a.id}>
            Another pending application from the same domain: <strong>{a.businessName}</strong>{' '}
            <Text span size="xs" c="dimmed">
              ({formatDateTime(a.createdAt)})
            </Text>
          </Text>
        ))}
      </Stack>
    </Alert>
  );
}

function ApprovePanel({ app, onCancel }: { app: Application; onCancel: () => void }) {
  const options = useApprovalOptions(true);
  const approve = useApproveApplication();
  const [levelId, setLevelId] = useState<string | null>(null);
  const [stageId, setStageId] = useState<string | null>(null);
  const [managerId, setManagerId] = useState<string | null | undefined>(undefined);

  if (options.isPending) return <Skeleton h={160} />;
  if (options.isError)
    return <ErrorAlert error={options.error} onRetry={() => void options.refetch()} />;
  const o = options.data;
  const level = levelId ?? o.defaults.levelId;
  const stage = stageId ?? o.defaults.activationStageId;
  const manager = managerId === undefined ? o.defaults.channelManagerId : managerId;

  const run = () =>
    approve.mutate(
      {
        id: app.id,
        version: app.version,
        ...(level ? { levelId: level } : {}),
        ...(stage ? { activationStageId: stage } : {}),
        channelManagerId: manager,
      },
      {
        onSuccess: (saved) =>
          notifications.show({
            color: 'teal',
            title: 'Application approved',
            message: `${saved.businessName} is now a partner; ${saved.contactEmail} has been invited.`,
          }),
      },
    );

  const confirmApprove = () =>
    openConfirm({
      title: `Approve ${app.businessName}?`,
      message: (
        <Stack gap="xs">
          <Text size="sm">
            This creates the active partner <strong>{app.businessName}</strong> and emails{' '}
            <strong>{app.contactEmail}</strong> an invitation to the partner portal as its
            administrator.
          </Text>
          <Text size="sm" c="dimmed">
            You can change the level, stage and channel manager on the partner later.
          </Text>
        </Stack>
      ),
      confirmLabel: 'Approve and invite',
      onConfirm: run,
    });

  return (
    <Stack gap="sm">
      <Title order={5}>Approve as a new partner</Title>
      <FormError
        error={approve.error}
        shownFields={['levelId', 'activationStageId', 'channelManagerId']}
      />
      <SimpleGrid cols={{ base: 1, sm: 3 }}>
        <Select
          label="Level"
          data={o.levels.map((l) => ({ value: l.id, label: l.name }))}
          value={level}
          onChange={setLevelId}
          allowDeselect={false}
          error={fieldError(approve.error, 'levelId')}
        />
        <Select
          label="Activation stage"
          data={o.activationStages.map((s) => ({ value: s.id, label: s.name }))}
          value={stage}
          onChange={setStageId}
          allowDeselect={false}
          error={fieldError(approve.error, 'activationStageId')}
        />
        <Select
          label="Channel manager"
          placeholder="Nobody yet"
          data={o.channelManagers.map((u) => ({ value: u.id, label: u.name }))}
          value={manager}
          onChange={(v) => setManagerId(v)}
          clearable
          searchable
          error={fieldError(approve.error, 'channelManagerId')}
        />
      </SimpleGrid>
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onCancel} disabled={approve.isPending}>
          Cancel
        </Button>
        <Button
          color="teal"
          leftSection={<IconCircleCheck size={16} />}
          onClick={confirmApprove}
          loading={approve.isPending}
        >
          Approve…
        </Button>
      </Group>
    </Stack>
  );
}

function DeclinePanel({ app, onCancel }: { app: Application; onCancel: () => void }) {
  const decline = useDeclineApplication();
  const [reason, setReason] = useState('');
  const [tried, setTried] = useState(false);
  const missing = tried && !reason.trim();

  const confirmDecline = () => {
    setTried(true);
    if (!reason.trim()) return;
    openConfirm({
      title: `Decline ${app.businessName}?`,
      message: `${app.contactName} will receive a polite email with your explanation. This cannot be undone.`,
      confirmLabel: 'Decline and notify',
      danger: true,
      onConfirm: () =>
        decline.mutate(
          { id: app.id, version: app.version, reason: reason.trim() },
          {
            onSuccess: () =>
              notifications.show({
                color: 'gray',
                title: 'Application declined',
                message: `${app.contactName} has been told by email.`,
              }),
          },
        ),
    });
  };

  return (
    <Stack gap="sm">
      <Title order={5}>Decline</Title>
      <FormError error={decline.error} shownFields={['reason']} />
      <Textarea
        label="Reason for the applicant"
        description="Sent to the applicant word for word. Be kind and specific."
        required
        autosize
        minRows={3}
        maxLength={APPLICATION_LIMITS.declineReason}
        value={reason}
        onChange={(e) => setReason(e.currentTarget.value)}
        error={missing ? 'Give the applicant a reason' : fieldError(decline.error, 'reason')}
      />
      <Group justify="flex-end" gap="sm">
        <Button variant="default" onClick={onCancel} disabled={decline.isPending}>
          Cancel
        </Button>
        <Button
          color="red"
          leftSection={<IconCircleX size={16} />}
          onClick={confirmDecline}
          loading={decline.isPending}
        >
          Decline…
        </Button>
      </Group>
    </Stack>
  );
}

function Decision({ app }: { app: Application }) {
  const [mode, setMode] = useState<'none' | 'approve' | 'decline'>('none');
  if (app.status === 'approved') {
    return (
      <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />} title="Approved">
        <Stack gap={6}>
          <Text size="sm">
            Approved by {app.reviewedBy?.name ?? 'someone'} on {formatDateTime(app.reviewedAt)}. The
            applicant was invited to the partner portal.
          </Text>
          {app.partner && (
            <Anchor component={Link} to={`/partners/${app.partner.id}`} size="sm" fw={600}>
              <Group gap={4} component="span">
                Open partner {app.partner.companyName}
                <IconArrowRight size={14} />
              </Group>
            </Anchor>
          )}
        </Stack>
      </Alert>
    );
  }
  if (app.status === 'declined') {
    return (
      <Alert color="gray" variant="light" icon={<IconCircleX size={18} />} title="Declined">
        <Stack gap={6}>
          <Text size="sm">
            Declined by {app.reviewedBy?.name ?? 'someone'} on {formatDateTime(app.reviewedAt)}.
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {app.declineReason}
          </Text>
        </Stack>
      </Alert>
    );
  }
  if (mode === 'approve') return <ApprovePanel app={app} onCancel={() => setMode('none')} />;
  if (mode === 'decline') return <DeclinePanel app={app} onCancel={() => setMode('none')} />;
  return (
    <Group justify="flex-end" gap="sm">
      {app.abilities.decline && (
        <Button variant="default" color="red" onClick={() => setMode('decline')}>
          Decline
        </Button>
      )}
      {app.abilities.approve && (
        <Button color="teal" onClick={() => setMode('approve')}>
          Approve
        </Button>
      )}
    </Group>
  );
}

function Details({ app }: { app: Application }) {
  const a = app.address;
  return (
    <Stack gap="lg">
      <Group gap="xs">
        <Badge color={STATUS_COLORS[app.status]} variant="light">
          {APPLICATION_STATUS_LABELS[app.status]}
        </Badge>
        <Text size="sm" c="dimmed">
          Submitted {formatDateTime(app.createdAt)}
        </Text>
      </Group>
      <DuplicateWarning app={app} />

      <Stack gap="sm">
        <Title order={5}>Company</Title>
        <SimpleGrid cols={2} spacing="md">
          <Field label="Business name">{app.businessName}</Field>
          <Field label="Website">
            {app.website && app.domain ? (
              <Anchor
                href={`https://${app.domain}`}
                target="_blank"
                rel="noopener noreferrer"
                size="sm"
              >
                <Group gap={4} component="span">
                  {app.website}
                  <IconExternalLink size={13} />
                </Group>
              </Anchor>
            ) : (
              app.website
            )}
          </Field>
          <Field label="Partner type">{PARTNER_TYPE_LABELS[app.partnerType]}</Field>
          <Field label="Requested SLA">{SLA_TIER_LABELS[app.requestedSlaTier]}</Field>
        </SimpleGrid>
        <Field label="Products or services of interest">{app.productsOfInterest}</Field>
      </Stack>

      <Divider />
      <Stack gap="sm">
        <Title order={5}>Address and contact</Title>
        <SimpleGrid cols={2} spacing="md">
          <Field label="Address">
            {[a.street, [a.postalCode, a.city].filter(Boolean).join(' '), a.region]
              .filter(Boolean)
              .join('\n')}
          </Field>
          <Field label="Country">
            {countryName(a.countryCode)} ({a.countryCode})
          </Field>
          <Field label="Contact">{app.contactName}</Field>
          <Field label="Email">
            <Anchor href={`mailto:${app.contactEmail}`} size="sm">
              {app.contactEmail}
            </Anchor>
          </Field>
          <Field label="Phone">{app.phone}</Field>
        </SimpleGrid>
      </Stack>

      <Divider />
      <Field label="Message">{app.message}</Field>
      <Divider />
      <Decision key={`${app.id}:${app.version}`} app={app} />
    </Stack>
  );
}

/** Everything an applicant sent, possible duplicates, and the decision. */
export function ApplicationDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const app = useApplication(id);
  return (
    <Drawer
      opened={Boolean(id)}
      onClose={onClose}
      position="right"
      size="xl"
      title={
        <Text fw={650} size="lg">
          {app.data?.businessName ?? 'Application'}
        </Text>
      }
    >
      {app.isPending ? (
        <Stack>
          <Skeleton h={24} w="40%" />
          <Skeleton h={120} />
          <Skeleton h={120} />
        </Stack>
      ) : app.isError ? (
        <ErrorAlert
          error={app.error}
          title={isApiError(app.error) && app.error.status === 404 ? 'Not found' : undefined}
          onRetry={() => void app.refetch()}
        />
      ) : (
        <Details app={app.data} />
      )}
    </Drawer>
  );
}
