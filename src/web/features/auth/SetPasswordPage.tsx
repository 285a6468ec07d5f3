import { Alert, Anchor, Button, PasswordInput, Stack, Text } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { errorMessage, isApiError } from '../../lib/api';
import { useSetPassword } from './api';
import { AuthLayout } from './AuthLayout';
import type { LoginLocationState } from './LoginPage';

const MIN_LENGTH = 10;
const INVALID_LINK =
  'This link is invalid or has expired — ask your administrator for a new invitation';

export function SetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const setPassword = useSetPassword();
  const navigate = useNavigate();

  const [password, setPasswordValue] = useState('');
  const [confirm, setConfirm] = useState('');
  const [submitted, setSubmitted] = useState(false);

  const tooShort = password.length < MIN_LENGTH;
  const mismatch = confirm !== password;
  const linkBroken =
    !token ||
    (isApiError(setPassword.error) &&
      (setPassword.error.status === 400 || setPassword.error.status === 404) &&
      // A 400 about the password itself is a form problem, not a broken link.
      !setPassword.error.fields?.password);
  const serverPasswordError = isApiError(setPassword.error)
    ? setPassword.error.fields?.password
    : undefined;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (tooShort || mismatch) return;
    setPassword.mutate(
      { token, password },
      {
        onSuccess: () => {
          const state: LoginLocationState = {
            notice: 'Your password is set. Log in with your email address and the new password.',
          };
          void navigate('/login', { replace: true, state });
        },
      },
    );
  };

  if (linkBroken) {
    return (
      <AuthLayout title="Set your password">
        <Stack>
          <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
            {INVALID_LINK}
          </Alert>
          <Anchor component={Link} to="/login" size="sm">
            Go to the login page
          </Anchor>
        </Stack>
      </AuthLayout>
    );
  }

  return (
    <AuthLayout
      title="Set your password"
      subtitle="Choose a password to finish setting up your Conduit account."
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {setPassword.isError && !serverPasswordError && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={18} />} role="alert">
              {errorMessage(setPassword.error)}
            </Alert>
          )}
          <PasswordInput
            label="New password"
            description={`At least ${MIN_LENGTH} characters`}
            autoComplete="new-password"
            required
            autoFocus
            value={password}
            onChange={(e) => setPasswordValue(e.currentTarget.value)}
            error={
              serverPasswordError ??
              (submitted && tooShort
                ? `Use at least ${MIN_LENGTH} characters (${password.length} so far)`
                : undefined)
            }
          />
          <PasswordInput
            label="Confirm password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.currentTarget.value)}
            error={submitted && !tooShort && mismatch ? 'The passwords do not match' : undefined}
          />
          <Button type="submit" fullWidth mt="xs" loading={setPassword.isPending}>
            Set password
          </Button>
          <Text size="xs" c="dimmed" ta="center">
            Already have a password?{' '}
            <Anchor component={Link} to="/login" size="xs">
              Log in
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
