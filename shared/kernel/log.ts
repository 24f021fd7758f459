/** Structured JSON logs, one line each; Lambda ships stdout to CloudWatch as is. */
import { sourceMapped } from './source-map.ts';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  // Read per call, so LOG_LEVEL can change without reloading (tests, benchmarks, a Lambda config update).
  if (ORDER[level] < (ORDER[process.env.LOG_LEVEL as LogLevel] ?? ORDER.info)) return;
  const line = JSON.stringify({
    level,
    time: new Date().toISOString(),
    msg,
    ...fields,
    ...(typeof fields.stack === 'string' && { stack: sourceMapped(fields.stack) }),
  });
  if (level === 'error' || level === 'warn') process.stderr.write(`${line}\n`);
  else process.stdout.write(`${line}\n`);
}
