import { appendFileSync, existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir, ensurePrivateFile } from '../permissions';
import type { SecretRegistry } from './secretRegistry';

type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  /** JSON-lines file; omitted: stderr only for warn/error. */
  file?: string;
  secrets: SecretRegistry;
  /** Also echo to stderr (development, harness). */
  echo?: boolean;
  clock?: () => Date;
}

/** A JSON-lines logger that scrubs every registered secret from each line before it is written. */
export function createLogger(options: LoggerOptions): Logger {
  const clock = options.clock ?? (() => new Date());
  if (options.file) {
    try {
      ensurePrivateDir(dirname(options.file));
      ensurePrivateFile(options.file);
    } catch {
      // As below: a log that cannot be created must not take the app down.
    }
  }

  const write = (level: LogLevel, message: string, fields?: Record<string, unknown>) => {
    const line = options.secrets.scrub(JSON.stringify({ time: clock().toISOString(), level, message, ...fields }));
    if (options.file) {
      try {
        // Removed or rotated away meanwhile: created again 0600, whatever the umask.
        if (!existsSync(options.file)) ensurePrivateFile(options.file);
        appendFileSync(options.file, line + '\n', { mode: 0o600 });
      } catch {
        // A log that cannot be written (full disk, read-only folder) must not take the app down.
      }
    }
    if (options.echo || (!options.file && (level === 'warn' || level === 'error'))) process.stderr.write(line + '\n');
  };

  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}

/** A logger that keeps lines in memory (tests). */
export function createMemoryLogger(secrets: SecretRegistry): Logger & { lines: string[] } {
  const lines: string[] = [];
  const write = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(secrets.scrub(JSON.stringify({ level, message, ...fields })));
  };
  return { lines, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
