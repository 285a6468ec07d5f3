import {
  Alert,
  Anchor,
  Box,
  Button,
  Divider,
  Group,
  Paper,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Textarea,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { IconAlertCircle, IconCircleCheck, IconLock, IconPlugConnected } from '@tabler/icons-react';
import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router';
import { APPLICATION_LIMITS } from '../../../shared/applications';
import { countryOptions } from '../../../shared/countries';
import {
  PARTNER_TYPE_LABELS,
  PARTNER_TYPES,
  SLA_TIER_LABELS,
  SLA_TIERS,
  type PartnerType,
  type SlaTier,
} from '../../../shared/partners';
import { errorMessage, isApiError } from '../../lib/api';
import { fieldError } from '../../lib/forms';
import { useApplicationFormToken, useSubmitApplication } from './api';

const SLA_DESCRIPTIONS: Record<SlaTier, string> = {
  basic: 'Email support on business days.',
  standard: 'Email and phone support, next-business-day response.',
  premium: 'Priority support with a named contact and four-hour response.',
};

interface FormState {
  businessName: string;
  website: string;
  partnerType: PartnerType;
  productsOfInterest: string;
  street: string;
  city: string;
  postalCode: string;
  region: string;
  countryCode: string | null;
  phone: string;
  contactName: string;
  contactEmail: string;
  requestedSlaTier: SlaTier;
  message: string;
  companyUrl: string;
}

const EMPTY: FormState = {
  businessName: '',
  website: '',
  partnerType: 'reseller',
  productsOfInterest: '',
  street: '',
  city: '',
  postalCode: '',
  region: '',
  countryCode: null,
  phone: '',
  contactName: '',
  contactEmail: '',
  requestedSlaTier: 'standard',
  message: '',
  companyUrl: '',
};

/** Fields with an input on this page; anything else the server reports goes in the top alert. */
const SHOWN_FIELDS = Object.keys(EMPTY).filter((f) => f !== 'companyUrl');

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description: string;
  children: ReactNode;
}) {
  return (
    <Box component="fieldset" p={0} m={0} style={{ border: 0, minWidth: 0 }}>
      <Stack gap="md">
        <div>
          <Title order={4} component="legend" p={0}>
            {title}
          </Title>
          <Text size="sm" c="dimmed">
            {description}
          </Text>
        </div>
        {children}
      </Stack>
    </Box>
  );
}

function localProblems(f: FormState): Partial<Record<keyof FormState, string>> {
  const p: Partial<Record<keyof FormState, string>> = {};
  if (!f.businessName.trim()) p.businessName = 'Enter your company’s name';
  if (!f.countryCode) p.countryCode = 'Choose your country';
  if (!f.contactName.trim()) p.contactName = 'Enter your name';
  if (!f.contactEmail.trim()) p.contactEmail = 'Enter your email address';
  else if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(f.contactEmail.trim()))
    p.contactEmail = 'Enter a valid email address, like name@company.com';
  return p;
}

function Shell({ children }: { children: ReactNode }) {
  return (
    <Box mih="100vh" bg="gray.0" py={{ base: 'md', sm: 48 }} px="md">
      <Stack maw={760} mx="auto" gap="lg">
        <Group gap={8} justify="center">
          <IconPlugConnected size={30} color="var(--mantine-primary-color-filled)" aria-hidden />
          <Text fw={700} fz={26}>
            Conduit
          </Text>
        </Group>
        {children}
        <Text ta="center" size="xs" c="dimmed">
          Already a partner?{' '}
          <Anchor component={Link} to="/login" size="xs">
            Log in to the partner portal
          </Anchor>
        </Text>
      </Stack>
    </Box>
  );
}

function ThankYou({ email, onAnother }: { email: string; onAnother: () => void }) {
  return (
    <Paper p={{ base: 'lg', sm: 40 }} shadow="sm">
      <Stack align="center" gap="md" ta="center" role="status">
        <ThemeIcon size={56} radius="xl" color="teal" variant="light">
          <IconCircleCheck size={32} />
        </ThemeIcon>
        <Title order={2}>Thank you — we will review your application</Title>
        <Text c="dimmed" maw={520}>
          Our channel team reads every application personally. We have sent a confirmation to{' '}
          <Text span fw={600} c="dark">
            {email}
          </Text>{' '}
          and will get back to you by email, usually within a few business days.
        </Text>
        <Group mt="sm">
          <Button variant="default" onClick={onAnother}>
            Submit another application
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}

/** The public "become a partner" form. No account needed. */
export function ApplyPage() {
  useDocumentTitle('Become a partner · Conduit');
  const token = useApplicationFormToken();
  const submit = useSubmitApplication();
  const [form, setForm] = useState<FormState>(EMPTY);
  const [tried, setTried] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const countries = useMemo(
    () => countryOptions(typeof navigator === 'undefined' ? 'en' : navigator.language),
    [],
  );

  const set =
    <K extends keyof FormState>(key: K) =>
    (value: FormState[K]) =>
      setForm((f) => ({ ...f, [key]: value }));
  const text = (key: keyof FormState) => (e: { currentTarget: { value: string } }) =>
    set(key)(e.currentTarget.value);

  const local = tried ? localProblems(form) : {};
  const err = (key: keyof FormState) => local[key] ?? fieldError(submit.error, key);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if (Object.keys(localProblems(form)).length > 0 || !token.data) return;
    submit.mutate(
      {
        businessName: form.businessName,
        website: form.website,
        partnerType: form.partnerType,
        productsOfInterest: form.productsOfInterest,
        street: form.street,
        city: form.city,
        postalCode: form.postalCode,
        region: form.region,
        countryCode: form.countryCode ?? '',
        phone: form.phone,
        contactName: form.contactName,
        contactEmail: form.contactEmail,
        requestedSlaTier: form.requestedSlaTier,
        message: form.message,
        formToken: token.data.formToken,
        companyUrl: form.companyUrl,
      },
      {
        onSuccess: () => setSentTo(form.contactEmail.trim()),
        onError: (error) => {
          // An expired or unverifiable form gets a new token; the person only has to send again.
          if (isApiError(error) && error.fields?.formToken) void token.refetch();
        },
      },
    );
  };

  if (sentTo) {
    return (
      <Shell>
        <ThankYou
          email={sentTo}
          onAnother={() => {
            setForm(EMPTY);
            setTried(false);
            setSentTo(null);
            submit.reset();
            void token.refetch();
          }}
        />
      </Shell>
    );
  }

  const topError =
    submit.isError &&
    (() => {
      const error = submit.error;
      const fields = isApiError(error) ? (error.fields ?? {}) : {};
      const onInputs =
        Object.keys(fields).length > 0 &&
        Object.keys(fields).every((f) => SHOWN_FIELDS.includes(f));
      if (onInputs) return 'Please correct the highlighted fields.';
      if (isApiError(error) && error.status === 429) {
        const minutes = error.retryAfter
          ? Math.max(1, Math.ceil(error.retryAfter / 60))
          : undefined;
        return minutes
          ? `We have received several applications from your network recently. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`
          : errorMessage(error);
      }
      return errorMessage(error);
    })();

  return (
    <Shell>
      <Stack gap={4} ta="center">
        <Title order={1} fz={{ base: 28, sm: 34 }}>
          Become a partner
        </Title>
        <Text c="dimmed" maw={560} mx="auto">
          Resell, integrate or refer our products and grow with us. Tell us about your company — it
          takes about five minutes, and our channel team answers every application.
        </Text>
      </Stack>

      <Paper p={{ base: 'lg', sm: 40 }} shadow="sm">
        <form onSubmit={onSubmit} noValidate aria-label="Partner application">
          <Stack gap={32}>
            {token.isError && (
              <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
                The form could not be prepared: {errorMessage(token.error)}{' '}
                <Anchor component="button" type="button" onClick={() => void token.refetch()}>
                  Try again
                </Anchor>
              </Alert>
            )}
            {topError && (
              <Alert
                color="red"
                variant="light"
                icon={<IconAlertCircle size={18} />}
                role="alert"
                title="Your application was not sent"
              >
                {topError}
              </Alert>
            )}

            <Section title="Company" description="Who you are and what you would like to offer.">
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label="Business name"
                  required
                  autoComplete="organization"
                  maxLength={APPLICATION_LIMITS.businessName}
                  value={form.businessName}
                  onChange={text('businessName')}
                  error={err('businessName')}
                />
                <TextInput
                  label="Website"
                  placeholder="example.com"
                  autoComplete="url"
                  maxLength={500}
                  value={form.website}
                  onChange={text('website')}
                  error={err('website')}
                />
              </SimpleGrid>
              <Select
                label="Partner type"
                description="How you would work with us"
                data={PARTNER_TYPES.map((t) => ({ value: t, label: PARTNER_TYPE_LABELS[t] }))}
                value={form.partnerType}
                onChange={(v) => v && set('partnerType')(v)}
                allowDeselect={false}
                error={err('partnerType')}
              />
              <Textarea
                label="Products or services of interest"
                placeholder="Which of our products would you sell, implement or refer?"
                autosize
                minRows={2}
                maxLength={APPLICATION_LIMITS.productsOfInterest}
                value={form.productsOfInterest}
                onChange={text('productsOfInterest')}
                error={err('productsOfInterest')}
              />
            </Section>

            <Divider />

            <Section title="Address" description="Where your company is based.">
              <TextInput
                label="Street"
                autoComplete="street-address"
                maxLength={APPLICATION_LIMITS.street}
                value={form.street}
                onChange={text('street')}
                error={err('street')}
              />
              <SimpleGrid cols={{ base: 1, sm: 3 }}>
                <TextInput
                  label="City"
                  autoComplete="address-level2"
                  maxLength={APPLICATION_LIMITS.city}
                  value={form.city}
                  onChange={text('city')}
                  error={err('city')}
                />
                <TextInput
                  label="Postal code"
                  autoComplete="postal-code"
                  maxLength={APPLICATION_LIMITS.postalCode}
                  value={form.postalCode}
                  onChange={text('postalCode')}
                  error={err('postalCode')}
                />
                <TextInput
                  label="Region or state"
                  autoComplete="address-level1"
                  maxLength={APPLICATION_LIMITS.region}
                  value={form.region}
                  onChange={text('region')}
                  error={err('region')}
                />
              </SimpleGrid>
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <Select
                  label="Country"
                  required
                  searchable
                  placeholder="Type to search"
                  nothingFoundMessage="No country matches"
                  data={countries}
                  value={form.countryCode}
                  onChange={set('countryCode')}
                  error={err('countryCode')}
                  comboboxProps={{ withinPortal: true }}
                />
                <TextInput
                  label="Phone"
                  type="tel"
                  autoComplete="tel"
                  placeholder="+1 555 010 0000"
                  maxLength={APPLICATION_LIMITS.phone}
                  value={form.phone}
                  onChange={text('phone')}
                  error={err('phone')}
                />
              </SimpleGrid>
            </Section>

            <Divider />

            <Section
              title="Contact"
              description="The person we should talk to. If we approve the application, this person gets the first login to the partner portal."
            >
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label="Your name"
                  required
                  autoComplete="name"
                  maxLength={APPLICATION_LIMITS.contactName}
                  value={form.contactName}
                  onChange={text('contactName')}
                  error={err('contactName')}
                />
                <TextInput
                  label="Work email"
                  type="email"
                  required
                  autoComplete="email"
                  maxLength={254}
                  value={form.contactEmail}
                  onChange={text('contactEmail')}
                  error={err('contactEmail')}
                />
              </SimpleGrid>
            </Section>

            <Divider />

            <Section title="Partnership" description="What you expect from us.">
              <Radio.Group
                label="Requested support level (SLA)"
                value={form.requestedSlaTier}
                onChange={(v) => set('requestedSlaTier')(v)}
                error={err('requestedSlaTier')}
              >
                <SimpleGrid cols={{ base: 1, sm: 3 }} mt="xs">
                  {SLA_TIERS.map((tier) => (
                    <Radio.Card key={tier} value={tier} p="md" radius="md">
                      <Group wrap="nowrap" align="flex-start" gap="sm">
                        <Radio.Indicator aria-hidden />
                        <div>
                          <Text fw={600} size="sm">
                            {SLA_TIER_LABELS[tier]}
                          </Text>
                          <Text size="xs" c="dimmed">
                            {SLA_DESCRIPTIONS[tier]}
                          </Text>
                        </div>
                      </Group>
                    </Radio.Card>
                  ))}
                </SimpleGrid>
              </Radio.Group>
              <Textarea
                label="Message"
                placeholder="Your customers, your team, the regions you cover — anything that helps us understand you."
                autosize
                minRows={4}
                maxLength={APPLICATION_LIMITS.message}
                value={form.message}
                onChange={text('message')}
                error={err('message')}
              />
            </Section>

            {/* People never see this field; form-filling bots tend to fill it. */}
            <Box
              aria-hidden
              style={{
                position: 'absolute',
                left: -10000,
                top: 'auto',
                width: 1,
                height: 1,
                overflow: 'hidden',
              }}
            >
              <label>
                Company URL (leave empty)
                <input
                  type="text"
                  name="companyUrl"
                  tabIndex={-1}
                  autoComplete="off"
                  value={form.companyUrl}
                  onChange={(e) => set('companyUrl')(e.currentTarget.value)}
                />
              </label>
            </Box>

            <Stack gap="xs">
              <Button
                type="submit"
                size="md"
                loading={submit.isPending}
                disabled={!token.data || submit.isPending}
              >
                Send application
              </Button>
              <Group gap={6} justify="center">
                <IconLock size={14} color="var(--mantine-color-dimmed)" aria-hidden />
                <Text size="xs" c="dimmed">
                  We use these details only to review your application and to contact you about it.
                </Text>
              </Group>
            </Stack>
          </Stack>
        </form>
      </Paper>
    </Shell>
  );
}
