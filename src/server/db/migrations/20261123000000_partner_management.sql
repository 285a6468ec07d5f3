-- Partner management: levels, activation stages, the full partner profile, consultants,
-- customer accounts/contacts/cases, sales activities, comments, in-app notifications,
-- saved views and public partner applications.

-- Levels rank partners (Bronze < Silver < Gold). Rank is unique but checked at commit, so a
-- reorder can swap ranks inside one transaction.
create table partner_levels (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  rank integer not null check (rank >= 1),
  -- 0 means the level never receives routed leads
  routing_weight integer not null default 1 check (routing_weight between 0 and 1000),
  description text not null default '' check (length(description) <= 5000),
  benefits text not null default '' check (length(benefits) <= 5000),
  -- The level's default commission plan. Plans arrive with the commission feature, which adds
  -- the foreign key; the column exists now so levels need no reshaping then.
  default_commission_plan_id uuid,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint partner_levels_rank_key unique (rank) deferrable initially deferred
);
create unique index partner_levels_name_key on partner_levels (lower(name));

create table activation_stages (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 100),
  position integer not null check (position >= 1),
  description text not null default '' check (length(description) <= 5000),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint activation_stages_position_key unique (position) deferrable initially deferred
);
create unique index activation_stages_name_key on activation_stages (lower(name));

insert into partner_levels (name, rank, routing_weight, description) values
  ('Bronze', 1, 1, 'Entry level for new partners.'),
  ('Silver', 2, 2, 'Proven partners with a track record of closed deals.'),
  ('Gold', 3, 4, 'Top partners: first in line for the largest leads.');
insert into activation_stages (name, position, description) values
  ('First contact', 1, 'Talks have started; the partner is not selling yet.'),
  ('Ramp-up', 2, 'Onboarding and training; first deals in progress.'),
  ('Fully operational', 3, 'Selling independently.');

alter table partners
  add column legal_name text check (length(legal_name) <= 200),
  add column website text check (length(website) <= 500),
  -- the website's host without "www.", kept for duplicate checks
  add column domain text check (length(domain) <= 253),
  add column email text check (length(email) <= 254),
  add column phone text check (length(phone) <= 50),
  add column street text check (length(street) <= 200),
  add column city text check (length(city) <= 100),
  add column postal_code text check (length(postal_code) <= 20),
  add column region text check (length(region) <= 100),
  add column country_code text check (country_code ~ '^[A-Z]{2}$'),
  add column partner_type text not null default 'reseller'
    check (partner_type in ('reseller', 'var', 'distributor', 'system_integrator', 'referral', 'oem')),
  add column level_id uuid references partner_levels (id),
  add column activation_stage_id uuid references activation_stages (id),
  add column channel_manager_id uuid references users (id) on delete set null,
  add column tags text[] not null default '{}',
  add column partnership_date date,
  add column last_review_date date,
  add column next_review_date date,
  add column sla_tier text not null default 'standard'
    check (sla_tier in ('basic', 'standard', 'premium')),
  add column notes text not null default '' check (length(notes) <= 20000),
  -- A partner-specific override of the level's default plan (foreign key added with plans).
  add column commission_plan_id uuid,
  add column archived_at timestamptz,
  -- the status to return to when an archived partner is restored
  add column status_before_archive text;

create index partners_level_idx on partners (level_id);
create index partners_stage_idx on partners (activation_stage_id);
create index partners_manager_idx on partners (channel_manager_id);
create index partners_status_idx on partners (status);
create index partners_country_idx on partners (country_code);
create index partners_domain_idx on partners (lower(domain));
create index partners_tags_idx on partners using gin (tags);
create index partners_created_idx on partners (created_at, id);
create index partners_next_review_idx on partners (next_review_date, id);

-- People at a partner. Each is tagged to exactly one partner; `visible` hides a person from the
-- partner's list without removing them, which is why the lookup explains hidden people.
create table consultants (
  id uuid primary key default gen_random_uuid(),
  partner_id uuid not null references partners (id) on delete cascade,
  first_name text not null check (length(first_name) between 1 and 100),
  last_name text not null check (length(last_name) between 1 and 100),
  email text not null check (length(email) between 3 and 254),
  phone text check (length(phone) <= 50),
  mobile text check (length(mobile) <= 50),
  job_title text check (length(job_title) <= 200),
  tags text[] not null default '{}',
  visible boolean not null default true,
  -- the portal login made for this person, if any
  user_id uuid unique references users (id) on delete set null,
  archived_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index consultants_partner_email_key on consultants (partner_id, lower(email));
create index consultants_partner_name_idx on consultants (partner_id, lower(last_name), lower(first_name), id);
create index consultants_email_idx on consultants (lower(email));
create index consultants_name_idx on consultants (lower(last_name), lower(first_name), id);

-- End customers. An account may be managed by a partner, and by one of its people.
create table accounts (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  domain text check (length(domain) <= 253),
  industry text check (length(industry) <= 100),
  company_size text check (company_size in ('1-10', '11-50', '51-200', '201-1000', '1001-5000', '5000+')),
  country_code text check (country_code ~ '^[A-Z]{2}$'),
  managed_by_partner_id uuid references partners (id) on delete set null,
  -- the partner-side person responsible (a partner user of the managing partner)
  partner_user_id uuid references users (id) on delete set null,
  owner_id uuid references users (id) on delete set null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index accounts_partner_idx on accounts (managed_by_partner_id, lower(name), id);
create index accounts_name_idx on accounts (lower(name), id);
create index accounts_domain_idx on accounts (lower(domain));

create table contacts (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references accounts (id) on delete cascade,
  first_name text not null check (length(first_name) between 1 and 100),
  last_name text not null check (length(last_name) between 1 and 100),
  email text check (length(email) <= 254),
  phone text check (length(phone) <= 50),
  job_title text check (length(job_title) <= 200),
  owner_id uuid references users (id) on delete set null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index contacts_account_idx on contacts (account_id, lower(last_name), id);
create index contacts_email_idx on contacts (lower(email));

create sequence case_number_seq;
create table cases (
  id uuid primary key default gen_random_uuid(),
  number bigint not null unique default nextval('case_number_seq'),
  subject text not null check (length(subject) between 1 and 200),
  description text not null default '' check (length(description) <= 20000),
  status text not null default 'new'
    check (status in ('new', 'open', 'pending', 'resolved', 'closed')),
  priority text not null default 'normal' check (priority in ('low', 'normal', 'high', 'urgent')),
  account_id uuid references accounts (id) on delete set null,
  contact_id uuid references contacts (id) on delete set null,
  managed_by_partner_id uuid references partners (id) on delete set null,
  partner_user_id uuid references users (id) on delete set null,
  owner_id uuid references users (id) on delete set null,
  closed_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
alter sequence case_number_seq owned by cases.number;
create index cases_partner_idx on cases (managed_by_partner_id, created_at, id);
create index cases_account_idx on cases (account_id);
create index cases_status_idx on cases (status, created_at, id);

-- Sales activities attach to any record by (record_type, record_id). partner_id is the partner
-- the record belongs to, copied so scoped reads and the partner's counts need no join.
create table activities (
  id uuid primary key default gen_random_uuid(),
  record_type text not null check (record_type in ('partner', 'account', 'contact', 'case', 'lead', 'opportunity')),
  record_id uuid not null,
  partner_id uuid references partners (id) on delete cascade,
  type text not null check (type in ('call', 'meeting', 'email', 'task', 'demo', 'note')),
  subject text not null check (length(subject) between 1 and 200),
  occurred_at timestamptz not null,
  duration_minutes integer check (duration_minutes between 0 and 100000),
  outcome text not null default '' check (length(outcome) <= 5000),
  consultant_id uuid references consultants (id) on delete set null,
  contact_id uuid references contacts (id) on delete set null,
  owner_id uuid references users (id) on delete set null,
  author_id uuid references users (id) on delete set null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index activities_record_idx on activities (record_type, record_id, occurred_at desc, id);
create index activities_partner_idx on activities (partner_id);

create table comments (
  id uuid primary key default gen_random_uuid(),
  record_type text not null check (record_type in ('partner', 'account', 'contact', 'case', 'lead', 'opportunity')),
  record_id uuid not null,
  partner_id uuid references partners (id) on delete cascade,
  parent_id uuid references comments (id) on delete cascade,
  author_id uuid references users (id) on delete set null,
  body text not null check (length(body) <= 10000),
  mentions uuid[] not null default '{}',
  edited_at timestamptz,
  -- a deleted comment with replies keeps its place in the thread, without its text
  deleted_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index comments_record_idx on comments (record_type, record_id, created_at, id);
create index comments_parent_idx on comments (parent_id);
create index comments_partner_idx on comments (partner_id);

create table notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  kind text not null check (length(kind) between 1 and 50),
  title text not null check (length(title) between 1 and 300),
  body text not null default '' check (length(body) <= 2000),
  link text check (length(link) <= 500),
  record_type text,
  record_id uuid,
  actor_user_id uuid references users (id) on delete set null,
  read_at timestamptz,
  created_at timestamptz not null default now()
);
create index notifications_user_idx on notifications (user_id, created_at desc, id);
create index notifications_unread_idx on notifications (user_id) where read_at is null;

-- A named filter + columns + sort for one list. Shared views are visible to the owner's side
-- only: internal users share with internal users, partner users with their own company.
create table saved_views (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references users (id) on delete cascade,
  partner_id uuid references partners (id) on delete cascade,
  entity text not null check (length(entity) between 1 and 50),
  name text not null check (length(name) between 1 and 100),
  filters jsonb not null default '{}'::jsonb,
  columns jsonb not null default '[]'::jsonb,
  sort text check (length(sort) <= 200),
  shared boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index saved_views_owner_name_key on saved_views (owner_id, entity, lower(name));
create index saved_views_entity_idx on saved_views (entity, shared);

-- Each user pins at most one default view per list.
create table saved_view_pins (
  user_id uuid not null references users (id) on delete cascade,
  entity text not null,
  view_id uuid not null references saved_views (id) on delete cascade,
  primary key (user_id, entity)
);

create table partner_applications (
  id uuid primary key default gen_random_uuid(),
  business_name text not null check (length(business_name) between 1 and 200),
  street text check (length(street) <= 200),
  city text check (length(city) <= 100),
  postal_code text check (length(postal_code) <= 20),
  region text check (length(region) <= 100),
  country_code text not null check (country_code ~ '^[A-Z]{2}$'),
  phone text check (length(phone) <= 50),
  website text check (length(website) <= 500),
  domain text check (length(domain) <= 253),
  contact_name text not null check (length(contact_name) between 1 and 200),
  contact_email text not null check (length(contact_email) between 3 and 254),
  products_of_interest text not null default '' check (length(products_of_interest) <= 2000),
  requested_sla_tier text not null default 'standard'
    check (requested_sla_tier in ('basic', 'standard', 'premium')),
  partner_type text not null default 'reseller'
    check (partner_type in ('reseller', 'var', 'distributor', 'system_integrator', 'referral', 'oem')),
  message text not null default '' check (length(message) <= 5000),
  status text not null default 'pending' check (status in ('pending', 'approved', 'declined')),
  decline_reason text check (length(decline_reason) <= 2000),
  reviewed_by uuid references users (id) on delete set null,
  reviewed_at timestamptz,
  partner_id uuid references partners (id) on delete set null,
  ip text,
  user_agent text,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index partner_applications_status_idx on partner_applications (status, created_at, id);
create index partner_applications_domain_idx on partner_applications (lower(domain));
create index partner_applications_ip_idx on partner_applications (ip, created_at);

-- Partners that existed before levels start at the lowest level and the first stage.
update partners set
  level_id = (select id from partner_levels order by rank limit 1),
  activation_stage_id = (select id from activation_stages order by position limit 1);
