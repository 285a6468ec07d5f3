-- Server-side secrets shared by every app node (they all read the same row), created on first
-- use. The partner application form signs its anti-spam tokens with one.
create table app_secrets (
  name text primary key check (length(name) between 1 and 100),
  value text not null check (length(value) >= 32),
  created_at timestamptz not null default now()
);

-- Public application attempts that were refused as spam (honeypot filled, form token bad, too
-- fast or expired). Nothing of the attempt is kept but the address, so that it counts towards
-- that address's hourly limit just like a stored application.
create table application_refusals (
  id bigint generated always as identity primary key,
  ip text not null check (length(ip) <= 100),
  reason text not null check (reason in ('honeypot', 'token')),
  created_at timestamptz not null default now()
);
create index application_refusals_ip_idx on application_refusals (ip, created_at);
create index application_refusals_created_idx on application_refusals (created_at);
