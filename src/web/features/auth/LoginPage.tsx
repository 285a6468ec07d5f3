import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertCircle, IconCircleCheck } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useLocation, useNavigate, useSearchParams } from 'react-router';
import { FullPageLoader } from '../../components/FullPageLoader';
import { errorMessage, isApiError } from '../../lib/api';
import { useMeQuery } from '../../lib/session';
import { safeNext } from '../../lib/redirect';
import { useLogin } from './api';
import { AuthLayout } from './AuthLayout';

export interface LoginLocationState {
  notice?: string;
}

function describeLoginError(error: unknown): string {
  if (isApiError(error)) {
    if (error.status === 401) return 'Email or password is incorrect';
    if (error.status === 429) {
      if (error.retryAfter === undefined) return 'Too many attempts — try again in a few minutes';
      const minutes = Math.max(1, Math.ceil(error.retryAfter / 60));
      return `Too many attempts — try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
    }
  }
  return errorMessage(error);
}

export function LoginPage() {
  const me = useMeQuery();
  const login = useLogin();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const notice = (location.state as LoginLocationState | null)?.notice;

  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitted, setSubmitted] = useState(false);

  if (me.isPending) return <FullPageLoader />;
  if (me.data && !login.isPending) return <Navigate to={next} replace />;

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setSubmitted(true);
    if (!email.trim() || !password) return;
    login.mutate(
      { email: email.trim(), password },
      { onSuccess: () => void navigate(next, { replace: true }) },
    );
  };

  return (
    <AuthLayout
      title="Log in"
      subtitle="Welcome back. Use the email address you were invited with."
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          {notice && !login.isError && (
            <Alert color="teal" variant="light" icon={<IconCircleCheck size={18} />}>
              {notice}
            </Alert>
          )}
          {login.isError && (
            <Alert
              color="red"
              variant="light"
              icon={<IconAlertCircle size={18} />}
              role="alert"
              data-testid="login-error"
            >
              {describeLoginError(login.error)}
            </Alert>
          )}
          <TextInput
            label="Email"
            type="email"
            autoComplete="username"
            required
            autoFocus
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={submitted && !email.trim() ? 'Enter your email address' : undefined}
          />
          <PasswordInput
            label="Password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={submitted && !password ? 'Enter your password' : undefined}
          />
          <Button
            type="submit"
            fullWidth
            mt="xs"
            loading={login.isPending}
            disabled={login.isPending}
          >
            Log in
          </Button>
          <Text size="sm" c="dimmed" ta="center">
            Not a partner yet?{' '}
            <Anchor component={Link} to="/apply" size="sm">
              Become a partner
            </Anchor>
          </Text>
        </Stack>
      </form>
    </AuthLayout>
  );
}
