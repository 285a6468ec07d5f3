-- Foundation: partners (minimal), people, sessions, tokens, invitations, login throttle,
-- the append-only audit log, the job queue and the email outbox.

create table partners (
  id uuid primary key default gen_random_uuid(),
  company_name text not null check (length(company_name) between 1 and 200),
  status text not null default 'active'
    check (status in ('applicant', 'active', 'suspended', 'archived')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index partners_company_name_idx on partners (lower(company_name), id);

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null check (length(email) between 3 and 254),
  name text not null check (length(name) between 1 and 200),
  role text not null check (role in ('admin', 'channel_manager', 'sales_rep', 'finance', 'marketing',
                                     'partner_admin', 'partner_rep')),
  partner_id uuid references partners (id),
  password_hash text,
  active boolean not null default true,
  deactivated_at timestamptz,
  last_login_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- partner users belong to exactly one partner; internal users to none
  constraint users_partner_role_check
    check ((role in ('partner_admin', 'partner_rep')) = (partner_id is not null))
);
create unique index users_email_key on users (lower(email));
create index users_partner_idx on users (partner_id, id);
create index users_name_idx on users (lower(name), id);

create table sessions (
  id_hash text primary key,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null,
  ip text,
  user_agent text
);
create index sessions_user_idx on sessions (user_id);

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  token_hash text not null unique,
  prefix text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz
);
create index api_tokens_user_idx on api_tokens (user_id, created_at);

create table invitations (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  token_hash text not null unique,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index invitations_user_idx on invitations (user_id);

create table login_attempts (
  id bigint generated always as identity primary key,
  email text not null,
  ip text not null,
  succeeded boolean not null,
  created_at timestamptz not null default now()
);
create index login_attempts_email_idx on login_attempts (email, created_at);
create index login_attempts_ip_idx on login_attempts (ip, created_at);

create table events (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_user_id uuid,
  actor_partner_id uuid,
  action text not null,
  subject_type text not null,
  subject_id text not null,
  -- the partner the subject belongs to, so partner users can be shown their own history
  partner_id uuid,
  changes jsonb not null default '{}'::jsonb,
  request_id text,
  ip text
);
create index events_subject_idx on events (subject_type, subject_id, id);

-- The audit log is append-only: the application can never rewrite history.
create function events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'events are append-only' using errcode = 'insufficient_privilege';
end;
$$;
create trigger events_no_update before update or delete on events
  for each row execute function events_append_only();

create table jobs (
  id text primary key default gen_random_uuid()::text,
  name text not null,
  payload jsonb not null default '{}'::jsonb,
  status text not null default 'queued'
    check (status in ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  run_at timestamptz not null default now(),
  attempts integer not null default 0,
  max_attempts integer not null default 5,
  last_error text,
  locked_by text,
  locked_at timestamptz,
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index jobs_ready_idx on jobs (run_at) where status = 'queued';
create index jobs_running_idx on jobs (locked_at) where status = 'running';

create table email_outbox (
  id uuid primary key default gen_random_uuid(),
  to_address text not null,
  template text not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  last_error text,
  message_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index email_outbox_status_idx on email_outbox (status, created_at);
