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

export interface PartnersTable {
  id: Generated<string>;
  company_name: string;
  status: Generated<'applicant' | 'active' | 'suspended' | 'archived'>;
  version: Generated<number>;
  created_at: Timestamp;
  updated_at: Timestamp;
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
}

export type UserRow = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type PartnerRow = Selectable<PartnersTable>;
export type JobRow = Selectable<JobsTable>;
export type EventRow = Selectable<EventsTable>;
