import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { Role } from '../../shared/roles';

/** Row types of every table, by hand, kept next to the SQL migrations. */

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
type Json = ColumnType<unknown, string | undefined, string>;

type Opt<T> = ColumnType<T | null, T | null | undefined, T | null>;
type DateOnly = ColumnType<string | null, string | null | undefined, string | null>;
type TextArray = ColumnType<string[], string[] | undefined, string[]>;

export type PartnerStatusValue = 'applicant' | 'active' | 'suspended' | 'archived';
export type PartnerTypeValue =
  'reseller' | 'var' | 'distributor' | 'system_integrator' | 'referral' | 'oem';
export type SlaTierValue = 'basic' | 'standard' | 'premium';
export type RecordTypeValue = 'partner' | 'account' | 'contact' | 'case' | 'lead' | 'opportunity';

export interface PartnersTable {
  id: Generated<string>;
  company_name: string;
  status: Generated<PartnerStatusValue>;
  legal_name: Opt<string>;
  website: Opt<string>;
  domain: Opt<string>;
  email: Opt<string>;
  phone: Opt<string>;
  street: Opt<string>;
  city: Opt<string>;
  postal_code: Opt<string>;
  region: Opt<string>;
  country_code: Opt<string>;
  partner_type: Generated<PartnerTypeValue>;
  level_id: Opt<string>;
  activation_stage_id: Opt<string>;
  channel_manager_id: Opt<string>;
  tags: TextArray;
  /** dates without time, as 'YYYY-MM-DD' (the pg driver is set to return them as text) */
  partnership_date: DateOnly;
  last_review_date: DateOnly;
  next_review_date: DateOnly;
  sla_tier: Generated<SlaTierValue>;
  notes: Generated<string>;
  commission_plan_id: Opt<string>;
  archived_at: NullableTimestamp;
  status_before_archive: Opt<PartnerStatusValue>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface PartnerLevelsTable {
  id: Generated<string>;
  name: string;
  rank: number;
  routing_weight: Generated<number>;
  description: Generated<string>;
  benefits: Generated<string>;
  default_commission_plan_id: Opt<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ActivationStagesTable {
  id: Generated<string>;
  name: string;
  position: number;
  description: Generated<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ConsultantsTable {
  id: Generated<string>;
  partner_id: string;
  first_name: string;
  last_name: string;
  email: string;
  phone: Opt<string>;
  mobile: Opt<string>;
  job_title: Opt<string>;
  tags: TextArray;
  visible: Generated<boolean>;
  user_id: Opt<string>;
  archived_at: NullableTimestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CompanySizeValue = '1-10' | '11-50' | '51-200' | '201-1000' | '1001-5000' | '5000+';

export interface AccountsTable {
  id: Generated<string>;
  name: string;
  domain: Opt<string>;
  industry: Opt<string>;
  company_size: Opt<CompanySizeValue>;
  country_code: Opt<string>;
  managed_by_partner_id: Opt<string>;
  partner_user_id: Opt<string>;
  owner_id: Opt<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ContactsTable {
  id: Generated<string>;
  account_id: string;
  first_name: string;
  last_name: string;
  email: Opt<string>;
  phone: Opt<string>;
  job_title: Opt<string>;
  owner_id: Opt<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CaseStatusValue = 'new' | 'open' | 'pending' | 'resolved' | 'closed';
export type CasePriorityValue = 'low' | 'normal' | 'high' | 'urgent';

export interface CasesTable {
  id: Generated<string>;
  number: Generated<number>;
  subject: string;
  description: Generated<string>;
  status: Generated<CaseStatusValue>;
  priority: Generated<CasePriorityValue>;
  account_id: Opt<string>;
  contact_id: Opt<string>;
  managed_by_partner_id: Opt<string>;
  partner_user_id: Opt<string>;
  owner_id: Opt<string>;
  closed_at: NullableTimestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type ActivityTypeValue = 'call' | 'meeting' | 'email' | 'task' | 'demo' | 'note';

export interface ActivitiesTable {
  id: Generated<string>;
  record_type: RecordTypeValue;
  record_id: string;
  partner_id: Opt<string>;
  type: ActivityTypeValue;
  subject: string;
  occurred_at: Timestamp;
  duration_minutes: Opt<number>;
  outcome: Generated<string>;
  consultant_id: Opt<string>;
  contact_id: Opt<string>;
  owner_id: Opt<string>;
  author_id: Opt<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommentsTable {
  id: Generated<string>;
  record_type: RecordTypeValue;
  record_id: string;
  partner_id: Opt<string>;
  parent_id: Opt<string>;
  author_id: Opt<string>;
  body: string;
  mentions: TextArray;
  edited_at: NullableTimestamp;
  deleted_at: NullableTimestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface NotificationsTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  title: string;
  body: Generated<string>;
  link: Opt<string>;
  record_type: Opt<string>;
  record_id: Opt<string>;
  actor_user_id: Opt<string>;
  read_at: NullableTimestamp;
  created_at: Timestamp;
}

export interface SavedViewsTable {
  id: Generated<string>;
  owner_id: string;
  partner_id: Opt<string>;
  entity: string;
  name: string;
  filters: Json;
  columns: Json;
  sort: Opt<string>;
  shared: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SavedViewPinsTable {
  user_id: string;
  entity: string;
  view_id: string;
}

export interface PartnerApplicationsTable {
  id: Generated<string>;
  business_name: string;
  street: Opt<string>;
  city: Opt<string>;
  postal_code: Opt<string>;
  region: Opt<string>;
  country_code: string;
  phone: Opt<string>;
  website: Opt<string>;
  domain: Opt<string>;
  contact_name: string;
  contact_email: string;
  products_of_interest: Generated<string>;
  requested_sla_tier: Generated<SlaTierValue>;
  partner_type: Generated<PartnerTypeValue>;
  message: Generated<string>;
  status: Generated<'pending' | 'approved' | 'declined'>;
  decline_reason: Opt<string>;
  reviewed_by: Opt<string>;
  reviewed_at: NullableTimestamp;
  partner_id: Opt<string>;
  ip: Opt<string>;
  user_agent: Opt<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AppSecretsTable {
  name: string;
  value: string;
  created_at: Timestamp;
}

export interface ApplicationRefusalsTable {
  id: Generated<number>;
  ip: string;
  reason: 'honeypot' | 'token';
  created_at: Timestamp;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  name: string;
  role: Role;
  partner_id: string | null;
  password_hash: string | null;
  active: Generated<boolean>;
  deactivated_at: NullableTimestamp;
  last_login_at: NullableTimestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SessionsTable {
  id_hash: string;
  user_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: Timestamp;
  last_used_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

export interface InvitationsTable {
  id: Generated<string>;
  user_id: string;
  token_hash: string;
  created_by: string | null;
  created_at: Timestamp;
  expires_at: Timestamp;
  used_at: NullableTimestamp;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  ip: string;
  succeeded: boolean;
  created_at: Timestamp;
}

export interface EventsTable {
  id: Generated<number>;
  occurred_at: Timestamp;
  actor_user_id: string | null;
  actor_partner_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  partner_id: string | null;
  changes: Json;
  request_id: string | null;
  ip: string | null;
}

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';
export interface JobsTable {
  id: Generated<string>;
  name: string;
  payload: Json;
  status: Generated<JobStatus>;
  run_at: Timestamp;
  attempts: Generated<number>;
  /** null until first claimed: the job definition's maxAttempts applies */
  max_attempts: ColumnType<number | null, number | null | undefined, number | null>;
  last_error: string | null;
  locked_by: string | null;
  locked_at: NullableTimestamp;
  created_at: Timestamp;
  finished_at: NullableTimestamp;
  progress: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface EmailOutboxTable {
  id: Generated<string>;
  to_address: string;
  template: string;
  subject: string;
  text_body: string;
  html_body: string;
  status: Generated<'pending' | 'sent' | 'failed'>;
  attempts: Generated<number>;
  last_error: string | null;
  message_id: string | null;
  created_at: Timestamp;
  sent_at: NullableTimestamp;
}

type Numeric = ColumnType<
  string | null,
  string | number | null | undefined,
  string | number | null
>;

export type PicklistName =
  'job_title' | 'power' | 'lead_source' | 'industry' | 'loss_reason' | 'campaign_type';

export interface PicklistValuesTable {
  id: Generated<string>;
  list: PicklistName;
  key: string;
  label: string;
  position: number;
  active: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CurrenciesTable {
  code: string;
  rate: ColumnType<string, string | number, string | number>;
  is_base: Generated<boolean>;
  updated_at: Timestamp;
}

export type LeadStatusKindValue = 'open' | 'closed' | 'converted';
export interface LeadStatusesTable {
  id: Generated<string>;
  key: string;
  label: string;
  position: number;
  kind: LeadStatusKindValue;
  is_default: Generated<boolean>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type StageKindValue = 'open' | 'won' | 'lost';
export type ForecastCategoryValue = 'pipeline' | 'best_case' | 'commit' | 'closed' | 'omitted';
export interface OpportunityStagesTable {
  id: Generated<string>;
  key: string;
  label: string;
  position: number;
  probability: number;
  kind: StageKindValue;
  forecast_category: ForecastCategoryValue;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type CampaignStatusValue = 'planned' | 'active' | 'completed' | 'aborted';
export interface CampaignsTable {
  id: Generated<string>;
  name: string;
  type: Generated<string>;
  status: Generated<CampaignStatusValue>;
  start_date: DateOnly;
  end_date: DateOnly;
  budget: Numeric;
  currency: Generated<string>;
  description: Generated<string>;
  owner_id: Opt<string>;
  partner_id: Opt<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type RatingValue = 'hot' | 'warm' | 'cold';
export interface LeadsTable {
  id: Generated<string>;
  number: Generated<number>;
  company: string;
  first_name: string;
  last_name: string;
  job_title: string;
  email: string;
  phone: Opt<string>;
  website: Opt<string>;
  power: string;
  status_id: string;
  source: string;
  rating: Generated<RatingValue>;
  rating_manual: Opt<RatingValue>;
  score: Generated<number>;
  scored_at: NullableTimestamp;
  estimated_value: Numeric;
  currency: Generated<string>;
  industry: Opt<string>;
  company_size: Opt<string>;
  country_code: Opt<string>;
  region: Opt<string>;
  city: Opt<string>;
  postal_code: Opt<string>;
  product_interest: Opt<string>;
  description: Generated<string>;
  owner_id: Opt<string>;
  partner_id: Opt<string>;
  partner_user_id: Opt<string>;
  referrer_id: Opt<string>;
  campaign_id: Opt<string>;
  created_by: Opt<string>;
  created_by_partner: Generated<boolean>;
  cloned_from_id: Opt<string>;
  converted_at: NullableTimestamp;
  converted_by: Opt<string>;
  converted_account_id: Opt<string>;
  converted_contact_id: Opt<string>;
  converted_opportunity_id: Opt<string>;
  last_activity_at: NullableTimestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type OpportunitySourceValue = 'partner_registered' | 'vendor_routed' | 'direct';
export interface OpportunitiesTable {
  id: Generated<string>;
  number: Generated<number>;
  name: string;
  account_id: Opt<string>;
  contact_id: Opt<string>;
  stage_id: string;
  amount: Numeric;
  currency: Generated<string>;
  close_date: ColumnType<string, string, string>;
  owner_id: Opt<string>;
  next_step: Opt<string>;
  loss_reason: Opt<string>;
  description: Generated<string>;
  source: Generated<OpportunitySourceValue>;
  partner_id: Opt<string>;
  partner_user_id: Opt<string>;
  referrer_id: Opt<string>;
  campaign_id: Opt<string>;
  lead_id: Opt<string>;
  created_by: Opt<string>;
  created_by_partner: Generated<boolean>;
  closed_at: NullableTimestamp;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type PartnerRoleValue = 'sourcing' | 'influencing' | 'implementing';
export interface OpportunityPartnersTable {
  opportunity_id: string;
  partner_id: string;
  role: PartnerRoleValue;
  created_at: Timestamp;
}

export type ScoringFieldValue =
  'source' | 'power' | 'job_title' | 'company_size' | 'country_code' | 'industry' | 'activities';
export interface LeadScoringRulesTable {
  id: Generated<string>;
  field: ScoringFieldValue;
  value: string;
  points: number;
  created_at: Timestamp;
}
export interface LeadScoringSettingsTable {
  id: Generated<number>;
  hot_min: Generated<number>;
  warm_min: Generated<number>;
  version: Generated<number>;
  updated_at: Timestamp;
}

export interface NotesTable {
  id: Generated<string>;
  record_type: RecordTypeValue;
  record_id: string;
  partner_id: Opt<string>;
  title: string;
  body: Generated<string>;
  internal: Generated<boolean>;
  author_id: Opt<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FilesTable {
  id: Generated<string>;
  record_type: RecordTypeValue;
  record_id: string;
  partner_id: Opt<string>;
  name: string;
  content_type: string;
  size: number;
  sha256: string;
  data: Buffer;
  uploaded_by: Opt<string>;
  created_at: Timestamp;
}

export interface TasksTable {
  id: Generated<string>;
  record_type: RecordTypeValue;
  record_id: string;
  partner_id: Opt<string>;
  subject: string;
  description: Generated<string>;
  due_date: DateOnly;
  assignee_id: Opt<string>;
  done_at: NullableTimestamp;
  created_by: Opt<string>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface FollowsTable {
  record_type: RecordTypeValue;
  record_id: string;
  user_id: string;
  created_at: Timestamp;
}

export interface RecordSharesTable {
  record_type: 'lead' | 'opportunity';
  record_id: string;
  user_id: string;
  shared_by: Opt<string>;
  created_at: Timestamp;
}

export type ImportEntityValue = 'leads' | 'accounts' | 'contacts' | 'partners' | 'consultants';
export type ImportStatusValue =
  | 'uploaded'
  | 'previewing'
  | 'previewed'
  | 'queued'
  | 'running'
  | 'done'
  | 'failed'
  | 'undoing'
  | 'undone';
export type ImportOutcomeValue = 'created' | 'updated' | 'skipped' | 'failed' | 'duplicate';

export interface ImportsTable {
  id: Generated<string>;
  entity: ImportEntityValue;
  status: Generated<ImportStatusValue>;
  ready: Generated<boolean>;
  file_name: string;
  file_size: Generated<number>;
  file_sha256: Generated<string>;
  file_format: Generated<'csv' | 'xlsx'>;
  file_encoding: Opt<string>;
  file_delimiter: Opt<string>;
  file_sheets: Json;
  headers: Json;
  sample: Json;
  suggested_mapping: Json;
  file_sheet: Opt<string>;
  settings: ColumnType<unknown, string | null | undefined, string | null>;
  progress_done: Opt<number>;
  progress_total: Opt<number>;
  preview: ColumnType<unknown, string | null | undefined, string | null>;
  counts: ColumnType<unknown, string | null | undefined, string | null>;
  failures: Json;
  undo: ColumnType<unknown, string | null | undefined, string | null>;
  error: Opt<string>;
  partner_id: Opt<string>;
  created_by: Opt<string>;
  batch_size: Opt<number>;
  last_batch: Generated<number>;
  job_id: Opt<string>;
  created_at: Timestamp;
  updated_at: Timestamp;
  finished_at: NullableTimestamp;
}

export interface ImportFileChunksTable {
  import_id: string;
  seq: number;
  bytes: Buffer;
}

export interface ImportRowsTable {
  import_id: string;
  line: number;
  outcome: ImportOutcomeValue;
  reason: Opt<string>;
  field: Opt<string>;
  match_key: Opt<string>;
  record_id: Opt<string>;
  version_after: Opt<number>;
  before: ColumnType<unknown, string | null | undefined, string | null>;
  cells: ColumnType<unknown, string | null | undefined, string | null>;
  batch_no: number;
  undone: Generated<boolean>;
}

export interface ImportBatchesTable {
  import_id: string;
  batch_no: number;
  created_at: Timestamp;
}

export interface ImportExternalIdsTable {
  entity: ImportEntityValue;
  partner_scope: Opt<string>;
  external_id: string;
  record_id: string;
  created_at: Timestamp;
}

export interface ImportMappingsTable {
  id: Generated<string>;
  owner_id: string;
  entity: ImportEntityValue;
  name: string;
  mapping: Json;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface DB {
  partners: PartnersTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
  login_attempts: LoginAttemptsTable;
  events: EventsTable;
  jobs: JobsTable;
  email_outbox: EmailOutboxTable;
  partner_levels: PartnerLevelsTable;
  activation_stages: ActivationStagesTable;
  consultants: ConsultantsTable;
  accounts: AccountsTable;
  contacts: ContactsTable;
  cases: CasesTable;
  activities: ActivitiesTable;
  comments: CommentsTable;
  notifications: NotificationsTable;
  saved_views: SavedViewsTable;
  saved_view_pins: SavedViewPinsTable;
  partner_applications: PartnerApplicationsTable;
  app_secrets: AppSecretsTable;
  application_refusals: ApplicationRefusalsTable;
  picklist_values: PicklistValuesTable;
  currencies: CurrenciesTable;
  lead_statuses: LeadStatusesTable;
  opportunity_stages: OpportunityStagesTable;
  campaigns: CampaignsTable;
  leads: LeadsTable;
  opportunities: OpportunitiesTable;
  opportunity_partners: OpportunityPartnersTable;
  lead_scoring_rules: LeadScoringRulesTable;
  lead_scoring_settings: LeadScoringSettingsTable;
  notes: NotesTable;
  files: FilesTable;
  tasks: TasksTable;
  follows: FollowsTable;
  record_shares: RecordSharesTable;
  imports: ImportsTable;
  import_file_chunks: ImportFileChunksTable;
  import_rows: ImportRowsTable;
  import_batches: ImportBatchesTable;
  import_external_ids: ImportExternalIdsTable;
  import_mappings: ImportMappingsTable;
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type PartnerRow = Selectable<PartnersTable>;
export type JobRow = Selectable<JobsTable>;
export type EventRow = Selectable<EventsTable>;
export type PartnerLevelRow = Selectable<PartnerLevelsTable>;
export type ActivationStageRow = Selectable<ActivationStagesTable>;
export type ConsultantRow = Selectable<ConsultantsTable>;
export type AccountRow = Selectable<AccountsTable>;
export type ContactRow = Selectable<ContactsTable>;
export type CaseRow = Selectable<CasesTable>;
export type ActivityRow = Selectable<ActivitiesTable>;
export type CommentRow = Selectable<CommentsTable>;
export type NotificationRow = Selectable<NotificationsTable>;
export type SavedViewRow = Selectable<SavedViewsTable>;
export type PartnerApplicationRow = Selectable<PartnerApplicationsTable>;
export type LeadRow = Selectable<LeadsTable>;
export type OpportunityRow = Selectable<OpportunitiesTable>;
export type CampaignRow = Selectable<CampaignsTable>;
export type LeadStatusRow = Selectable<LeadStatusesTable>;
export type OpportunityStageRow = Selectable<OpportunityStagesTable>;
export type PicklistValueRow = Selectable<PicklistValuesTable>;
export type NoteRow = Selectable<NotesTable>;
export type FileRow = Selectable<FilesTable>;
export type TaskRow = Selectable<TasksTable>;
