-- A job's retry budget belongs to its definition unless the enqueuer chose one: null means "let
-- the worker fill in the definition's maxAttempts when it first claims the job".
alter table jobs alter column max_attempts drop not null;
alter table jobs alter column max_attempts drop default;
alter table jobs add constraint jobs_max_attempts_check
  check (max_attempts is null or max_attempts >= 1);

-- Maintenance prunes finished jobs by age, and keeps the newest of each name for cron dedup.
create index jobs_finished_idx on jobs (finished_at) where status in ('succeeded', 'failed', 'cancelled');
