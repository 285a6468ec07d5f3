-- Leads and opportunities: configurable pick lists, lead statuses and opportunity stages,
-- campaigns, currencies, leads, opportunities with partner roles, lead scoring, and the things
-- that hang on any record (notes, files, tasks, follows, shares).

-- Values people choose from on forms (job title, power, lead source, industry, loss reason,
-- campaign type). Records store the key; a retired value stays readable but cannot be chosen.
create table picklist_values (
  id uuid primary key default gen_random_uuid(),
  list text not null check (list in ('job_title', 'power', 'lead_source', 'industry', 'loss_reason', 'campaign_type')),
  key text not null check (key ~ '^[a-z0-9_]{1,50}$'),
  label text not null check (length(label) between 1 and 100),
  position integer not null check (position >= 1),
  active boolean not null default true,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint picklist_values_key unique (list, key),
  constraint picklist_values_position_key unique (list, position) deferrable initially deferred
);

insert into picklist_values (list, key, label, position) values
  ('job_title', 'ceo', 'CEO / Managing director', 1),
  ('job_title', 'cfo', 'CFO / Finance', 2),
  ('job_title', 'cto', 'CTO / CIO', 3),
  ('job_title', 'it_manager', 'IT manager', 4),
  ('job_title', 'procurement', 'Procurement', 5),
  ('job_title', 'operations', 'Operations manager', 6),
  ('job_title', 'sales', 'Sales', 7),
  ('job_title', 'other', 'Other', 8),
  ('power', 'decision_maker', 'Decision maker', 1),
  ('power', 'influencer', 'Influencer', 2),
  ('power', 'evaluator', 'Evaluator', 3),
  ('power', 'user', 'User', 4),
  ('lead_source', 'email_campaign', 'Email campaign', 1),
  ('lead_source', 'external_campaign', 'External campaign', 2),
  ('lead_source', 'web', 'Web', 3),
  ('lead_source', 'event', 'Event', 4),
  ('lead_source', 'partner_referral', 'Partner referral', 5),
  ('lead_source', 'cold_call', 'Cold call', 6),
  ('lead_source', 'other', 'Other', 7),
  ('industry', 'manufacturing', 'Manufacturing', 1),
  ('industry', 'retail', 'Retail', 2),
  ('industry', 'healthcare', 'Healthcare', 3),
  ('industry', 'finance', 'Financial services', 4),
  ('industry', 'public_sector', 'Public sector', 5),
  ('industry', 'education', 'Education', 6),
  ('industry', 'hospitality', 'Hospitality', 7),
  ('industry', 'technology', 'Technology', 8),
  ('industry', 'logistics', 'Logistics', 9),
  ('industry', 'other', 'Other', 10),
  ('loss_reason', 'price', 'Price', 1),
  ('loss_reason', 'competitor', 'Lost to a competitor', 2),
  ('loss_reason', 'no_budget', 'No budget', 3),
  ('loss_reason', 'no_decision', 'No decision', 4),
  ('loss_reason', 'product_fit', 'Product fit', 5),
  ('loss_reason', 'timing', 'Timing', 6),
  ('campaign_type', 'email', 'Email', 1),
  ('campaign_type', 'event', 'Event', 2),
  ('campaign_type', 'webinar', 'Webinar', 3),
  ('campaign_type', 'advertising', 'Advertising', 4),
  ('campaign_type', 'partner_mdf', 'Partner (MDF)', 5),
  ('campaign_type', 'other', 'Other', 6);

-- Amounts are converted to the base currency (rate = units of this currency per base unit) only
-- for totals that mix currencies: Kanban sums, forecasts, reports. Records keep their own.
create table currencies (
  code text primary key check (code ~ '^[A-Z]{3}$'),
  rate numeric(18, 8) not null check (rate > 0),
  is_base boolean not null default false,
  updated_at timestamptz not null default now()
);
create unique index currencies_one_base on currencies (is_base) where is_base;
insert into currencies (code, rate, is_base) values
  ('EUR', 1, true), ('USD', 1.08, false), ('GBP', 0.85, false), ('CHF', 0.95, false),
  ('SEK', 11.4, false), ('PLN', 4.3, false), ('CAD', 1.47, false), ('AUD', 1.64, false);

-- The lead status path. kind: open statuses are worked; closed ones end the lead without
-- converting it; exactly one converted status is reached only through conversion.
create table lead_statuses (
  id uuid primary key default gen_random_uuid(),
  key text not null unique check (key ~ '^[a-z0-9_]{1,50}$'),
  label text not null check (length(label) between 1 and 100),
  position integer not null check (position >= 1),
  kind text not null check (kind in ('open', 'closed', 'converted')),
  is_default boolean not null default false,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint lead_statuses_position_key unique (position) deferrable initially deferred
);
create unique index lead_statuses_one_default on lead_statuses (is_default) where is_default;
create unique index lead_statuses_one_converted on lead_statuses (kind) where kind = 'converted';
insert into lead_statuses (key, label, position, kind, is_default) values
  ('new', 'New', 1, 'open', true),
  ('qualification', 'Qualification', 2, 'open', false),
  ('not_in_target', 'Not in target', 3, 'closed', false),
  ('converted', 'Converted', 4, 'converted', false);

-- Opportunity stages with a probability, an open/won/lost kind and a forecast category
-- (pipeline < best case < commit; closed for won/lost; omitted to leave out of forecasts).
create table opportunity_stages (
  id uuid primary key default gen_random_uuid(),
  key text not null unique check (key ~ '^[a-z0-9_]{1,50}$'),
  label text not null check (length(label) between 1 and 100),
  position integer not null check (position >= 1),
  probability integer not null check (probability between 0 and 100),
  kind text not null check (kind in ('open', 'won', 'lost')),
  forecast_category text not null
    check (forecast_category in ('pipeline', 'best_case', 'commit', 'closed', 'omitted')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint opportunity_stages_position_key unique (position) deferrable initially deferred
);
insert into opportunity_stages (key, label, position, probability, kind, forecast_category) values
  ('prospecting', 'Prospecting', 1, 10, 'open', 'pipeline'),
  ('qualification', 'Qualification', 2, 20, 'open', 'pipeline'),
  ('needs_analysis', 'Needs analysis', 3, 40, 'open', 'pipeline'),
  ('proposal', 'Proposal', 4, 60, 'open', 'best_case'),
  ('negotiation', 'Negotiation', 5, 80, 'open', 'commit'),
  ('closed_won', 'Closed won', 6, 100, 'won', 'closed'),
  ('closed_lost', 'Closed lost', 7, 0, 'lost', 'closed');

create table campaigns (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  type text not null default 'other',
  status text not null default 'planned' check (status in ('planned', 'active', 'completed', 'aborted')),
  start_date date,
  end_date date,
  budget numeric(16, 2) check (budget >= 0),
  currency text not null default 'EUR' references currencies (code),
  description text not null default '' check (length(description) <= 5000),
  owner_id uuid references users (id) on delete set null,
  -- set for a partner's own (co-marketing) campaign
  partner_id uuid references partners (id) on delete cascade,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (end_date is null or start_date is null or end_date >= start_date)
);
create index campaigns_partner_idx on campaigns (partner_id);
create index campaigns_name_idx on campaigns (lower(name), id);

create sequence lead_number_seq;
create table leads (
  id uuid primary key default gen_random_uuid(),
  number bigint not null unique default nextval('lead_number_seq'),
  company text not null check (length(company) between 1 and 200),
  first_name text not null check (length(first_name) between 1 and 100),
  last_name text not null check (length(last_name) between 1 and 100),
  job_title text not null check (length(job_title) <= 50),
  email text not null check (length(email) between 3 and 254),
  phone text check (length(phone) <= 50),
  website text check (length(website) <= 500),
  power text not null check (length(power) <= 50),
  status_id uuid not null references lead_statuses (id),
  source text not null check (length(source) <= 50),
  -- rating shown everywhere: the manual choice if any, else the one derived from the score
  rating text not null default 'cold' check (rating in ('hot', 'warm', 'cold')),
  rating_manual text check (rating_manual in ('hot', 'warm', 'cold')),
  score integer not null default 0,
  scored_at timestamptz,
  estimated_value numeric(16, 2) check (estimated_value >= 0),
  currency text not null default 'EUR' references currencies (code),
  industry text check (length(industry) <= 50),
  company_size text check (company_size in ('1-10', '11-50', '51-200', '201-1000', '1001-5000', '5000+')),
  country_code text check (country_code ~ '^[A-Z]{2}$'),
  region text check (length(region) <= 100),
  city text check (length(city) <= 100),
  postal_code text check (length(postal_code) <= 20),
  product_interest text check (length(product_interest) <= 200),
  description text not null default '' check (length(description) <= 20000),
  owner_id uuid references users (id) on delete set null,
  partner_id uuid references partners (id) on delete set null,
  -- the partner user working the lead (a user of partner_id)
  partner_user_id uuid references users (id) on delete set null,
  -- the partner user who brought the lead in
  referrer_id uuid references users (id) on delete set null,
  campaign_id uuid references campaigns (id) on delete set null,
  created_by uuid references users (id) on delete set null,
  -- set by the partner portal when a partner user creates the lead
  created_by_partner boolean not null default false,
  cloned_from_id uuid references leads (id) on delete set null,
  converted_at timestamptz,
  converted_by uuid references users (id) on delete set null,
  converted_account_id uuid references accounts (id) on delete set null,
  converted_contact_id uuid references contacts (id) on delete set null,
  converted_opportunity_id uuid,
  last_activity_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (partner_user_id is null or partner_id is not null)
);
alter sequence lead_number_seq owned by leads.number;
create index leads_created_idx on leads (created_at, id);
create index leads_status_idx on leads (status_id, created_at, id);
create index leads_partner_idx on leads (partner_id, status_id, created_at, id);
create index leads_partner_user_idx on leads (partner_user_id) where partner_user_id is not null;
create index leads_owner_idx on leads (owner_id);
create index leads_campaign_idx on leads (campaign_id) where campaign_id is not null;
create index leads_email_idx on leads (lower(email));
create index leads_company_idx on leads (lower(company), id);
create index leads_rating_idx on leads (rating, created_at, id);

create table opportunities (
  id uuid primary key default gen_random_uuid(),
  number bigint generated always as identity unique,
  name text not null check (length(name) between 1 and 200),
  account_id uuid references accounts (id) on delete set null,
  contact_id uuid references contacts (id) on delete set null,
  stage_id uuid not null references opportunity_stages (id),
  amount numeric(16, 2) check (amount >= 0),
  currency text not null default 'EUR' references currencies (code),
  close_date date not null,
  owner_id uuid references users (id) on delete set null,
  next_step text check (length(next_step) <= 500),
  loss_reason text check (length(loss_reason) <= 50),
  description text not null default '' check (length(description) <= 20000),
  source text not null default 'direct' check (source in ('partner_registered', 'vendor_routed', 'direct')),
  -- the partner working the deal (scope for partner users); roles are in opportunity_partners
  partner_id uuid references partners (id) on delete set null,
  partner_user_id uuid references users (id) on delete set null,
  referrer_id uuid references users (id) on delete set null,
  campaign_id uuid references campaigns (id) on delete set null,
  lead_id uuid references leads (id) on delete set null,
  created_by uuid references users (id) on delete set null,
  created_by_partner boolean not null default false,
  -- stamped when the stage becomes won or lost, cleared when it reopens
  closed_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (partner_user_id is null or partner_id is not null)
);
create index opportunities_created_idx on opportunities (created_at, id);
create index opportunities_stage_idx on opportunities (stage_id, close_date, id);
create index opportunities_partner_idx on opportunities (partner_id, stage_id, close_date, id);
create index opportunities_partner_user_idx on opportunities (partner_user_id) where partner_user_id is not null;
create index opportunities_account_idx on opportunities (account_id);
create index opportunities_owner_idx on opportunities (owner_id);
create index opportunities_campaign_idx on opportunities (campaign_id) where campaign_id is not null;
create index opportunities_close_idx on opportunities (close_date, id);
create index opportunities_lead_idx on opportunities (lead_id) where lead_id is not null;

alter table leads add constraint leads_converted_opportunity_fkey
  foreign key (converted_opportunity_id) references opportunities (id) on delete set null;

-- Partners credited on an opportunity. At most one sourcing partner per opportunity.
create table opportunity_partners (
  opportunity_id uuid not null references opportunities (id) on delete cascade,
  partner_id uuid not null references partners (id) on delete cascade,
  role text not null check (role in ('sourcing', 'influencing', 'implementing')),
  created_at timestamptz not null default now(),
  primary key (opportunity_id, partner_id)
);
create unique index opportunity_partners_one_sourcing on opportunity_partners (opportunity_id)
  where role = 'sourcing';
create index opportunity_partners_partner_idx on opportunity_partners (partner_id, opportunity_id);

-- Lead scoring: points per matching field value; engagement rules match when at least `value`
-- activities are logged on the lead. Thresholds turn the score into hot / warm / cold.
create table lead_scoring_rules (
  id uuid primary key default gen_random_uuid(),
  field text not null
    check (field in ('source', 'power', 'job_title', 'company_size', 'country_code', 'industry', 'activities')),
  value text not null check (length(value) between 1 and 50),
  points integer not null check (points between -1000 and 1000),
  created_at timestamptz not null default now(),
  constraint lead_scoring_rules_key unique (field, value)
);
create table lead_scoring_settings (
  id integer primary key default 1 check (id = 1),
  hot_min integer not null default 60,
  warm_min integer not null default 30,
  version integer not null default 1,
  updated_at timestamptz not null default now(),
  check (hot_min > warm_min)
);
insert into lead_scoring_settings (id) values (1);
insert into lead_scoring_rules (field, value, points) values
  ('power', 'decision_maker', 30), ('power', 'influencer', 15), ('power', 'evaluator', 10),
  ('source', 'partner_referral', 20), ('source', 'event', 15), ('source', 'web', 10),
  ('source', 'email_campaign', 5),
  ('job_title', 'ceo', 15), ('job_title', 'cto', 15), ('job_title', 'it_manager', 10),
  ('company_size', '201-1000', 10), ('company_size', '1001-5000', 15), ('company_size', '5000+', 20),
  ('activities', '1', 5), ('activities', '3', 10);

-- Things that hang on any record. partner_id is the record's partner, copied for scoped reads
-- and for the partner delete cascade.
create table notes (
  id uuid primary key default gen_random_uuid(),
  record_type text not null check (record_type in ('partner', 'account', 'contact', 'case', 'lead', 'opportunity')),
  record_id uuid not null,
  partner_id uuid references partners (id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  body text not null default '' check (length(body) <= 50000),
  -- internal notes are never shown to partner users
  internal boolean not null default false,
  author_id uuid references users (id) on delete set null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index notes_record_idx on notes (record_type, record_id, created_at desc, id);
create index notes_partner_idx on notes (partner_id);

create table files (
  id uuid primary key default gen_random_uuid(),
  record_type text not null check (record_type in ('partner', 'account', 'contact', 'case', 'lead', 'opportunity')),
  record_id uuid not null,
  partner_id uuid references partners (id) on delete cascade,
  name text not null check (length(name) between 1 and 255),
  -- the type sniffed from the content, never the one the browser claimed
  content_type text not null check (length(content_type) <= 200),
  size integer not null check (size >= 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  data bytea not null,
  uploaded_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index files_record_idx on files (record_type, record_id, created_at desc, id);
create index files_partner_idx on files (partner_id);

create table tasks (
  id uuid primary key default gen_random_uuid(),
  record_type text not null check (record_type in ('partner', 'account', 'contact', 'case', 'lead', 'opportunity')),
  record_id uuid not null,
  partner_id uuid references partners (id) on delete cascade,
  subject text not null check (length(subject) between 1 and 200),
  description text not null default '' check (length(description) <= 5000),
  due_date date,
  assignee_id uuid references users (id) on delete set null,
  done_at timestamptz,
  created_by uuid references users (id) on delete set null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index tasks_record_idx on tasks (record_type, record_id, due_date, id);
create index tasks_assignee_idx on tasks (assignee_id, due_date, id) where done_at is null;
create index tasks_partner_idx on tasks (partner_id);

create table follows (
  record_type text not null check (record_type in ('partner', 'account', 'contact', 'case', 'lead', 'opportunity')),
  record_id uuid not null,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (record_type, record_id, user_id)
);
create index follows_user_idx on follows (user_id, created_at desc);

-- A partner rep sees the leads and opportunities they work, plus those shared with them.
create table record_shares (
  record_type text not null check (record_type in ('lead', 'opportunity')),
  record_id uuid not null,
  user_id uuid not null references users (id) on delete cascade,
  shared_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (record_type, record_id, user_id)
);
create index record_shares_user_idx on record_shares (user_id, record_type, record_id);

-- Long jobs (rescoring, imports) report how far they are, e.g. {"done": 1200, "total": 5000}.
alter table jobs add column progress jsonb;
