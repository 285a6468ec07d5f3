import type { Kysely } from 'kysely';
import type { Config } from './config';
import type { DB } from './db/types';

export type Logger = {
  info: (obj: object | string, msg?: string) => void;
  warn: (obj: object | string, msg?: string) => void;
  error: (obj: object | string, msg?: string) => void;
  debug: (obj: object | string, msg?: string) => void;
};

/** What services need from the outside world; built once in main.ts (or a test) and passed down. */
export type Deps = {
  db: Kysely<DB>;
  config: Config;
  log: Logger;
};
