-- Imports: CSV or XLSX files turned into records. The file is kept in the database in chunks (so
-- it survives restarts and works on both engines), every row's outcome is kept in a ledger (for
-- results.csv and undo), and each committed batch is recorded in the same transaction as its
-- records, so an interrupted run resumes at the first missing batch.

create table imports (
  id uuid primary key default gen_random_uuid(),
  entity text not null check (entity in ('leads', 'accounts', 'contacts', 'partners', 'consultants')),
  status text not null default 'uploaded' check (status in ('uploaded', 'previewing', 'previewed',
    'queued', 'running', 'done', 'failed', 'undoing', 'undone')),
  -- false while the upload is still being stored; such rows are invisible and removed on failure
  ready boolean not null default false,
  file_name text not null check (length(file_name) between 1 and 255),
  file_size integer not null default 0 check (file_size >= 0),
  file_sha256 text not null default '' check (file_sha256 = '' or file_sha256 ~ '^[0-9a-f]{64}$'),
  file_format text not null default 'csv' check (file_format in ('csv', 'xlsx')),
  file_encoding text,
  file_delimiter text,
  file_sheets jsonb not null default '[]',
  file_sheet text,
  headers jsonb not null default '[]',
  sample jsonb not null default '[]',
  suggested_mapping jsonb not null default '{}',
  -- what the last preview or run used
  settings jsonb,
  progress_done integer,
  progress_total integer,
  preview jsonb,
  counts jsonb,
  failures jsonb not null default '[]',
  undo jsonb,
  error text check (length(error) <= 2000),
  -- the partner the import writes into (partner users: their company); null for internal users
  partner_id uuid references partners (id) on delete cascade,
  created_by uuid references users (id) on delete set null,
  -- rows per batch of the real run, fixed when it starts so a resumed run cuts the same batches
  batch_size integer,
  -- the last batch committed by the real run (0: none yet)
  last_batch integer not null default 0,
  job_id uuid,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  finished_at timestamptz
);
create index imports_created_idx on imports (created_at desc, id desc);
create index imports_partner_idx on imports (partner_id, created_at desc, id desc);

create table import_file_chunks (
  import_id uuid not null references imports (id) on delete cascade,
  seq integer not null check (seq >= 0),
  bytes bytea not null,
  primary key (import_id, seq)
);

-- One row per data row the real run handled.
create table import_rows (
  import_id uuid not null references imports (id) on delete cascade,
  line integer not null,
  outcome text not null check (outcome in ('created', 'updated', 'skipped', 'failed', 'duplicate')),
  reason text,
  field text,
  -- the row's key (email, name + company, external id) when it had one: duplicates in the file
  match_key text,
  record_id uuid,
  -- the record's version right after the import wrote it: a different one means edited since
  version_after integer,
  -- updates: the values the import replaced, restored by undo
  before jsonb,
  -- failed, skipped and duplicate rows: the original cells, for results.csv
  cells jsonb,
  batch_no integer not null,
  undone boolean not null default false,
  primary key (import_id, line)
);
create index import_rows_key_idx on import_rows (import_id, match_key) where match_key is not null;
create index import_rows_outcome_idx on import_rows (import_id, outcome, line);

create table import_batches (
  import_id uuid not null references imports (id) on delete cascade,
  batch_no integer not null,
  created_at timestamptz not null default now(),
  primary key (import_id, batch_no)
);

-- External ids seen by imports: a second import with the same ids updates instead of duplicating.
-- Scoped by partner for partner users' imports; null for the vendor's own.
create table import_external_ids (
  entity text not null check (entity in ('leads', 'accounts', 'contacts', 'partners', 'consultants')),
  partner_scope uuid references partners (id) on delete cascade,
  external_id text not null check (length(external_id) between 1 and 500),
  record_id uuid not null,
  created_at timestamptz not null default now()
);
create unique index import_external_ids_key on import_external_ids
  (entity, coalesce(partner_scope, '00000000-0000-0000-0000-000000000000'::uuid), external_id);
create index import_external_ids_record_idx on import_external_ids (record_id);

-- Column mappings a user saved to reuse with the next file of the same shape.
create table import_mappings (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references users (id) on delete cascade,
  entity text not null check (entity in ('leads', 'accounts', 'contacts', 'partners', 'consultants')),
  name text not null check (length(name) between 1 and 100),
  mapping jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index import_mappings_name_key on import_mappings (owner_id, entity, lower(name));
