export type LogEntry = { level: 'debug' | 'info' | 'warn' | 'error'; obj: object; msg?: string };

/** A logger that remembers what it was told, for assertions on what is (and is not) logged. */
export function memoryLogger() {
  const entries: LogEntry[] = [];
  const at =
    (level: LogEntry['level']) =>
    (obj: object, msg?: string): void => {
      entries.push({ level, obj, msg });
    };
  return { entries, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}
