/**
 * Loads `postvakt.yaml`, validates it with zod, and turns every problem into one readable line
 * that names the file, line, key, the bad value and what is allowed — never a stack trace.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from 'yaml';
import type { z } from 'zod';
import { configSchema, type Config } from './schema.ts';

export class ConfigError extends Error {}

export const SAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../config/samples');

export type Country = 'dk' | 'se';

export function samplePath(country: Country): string {
  return join(SAMPLES_DIR, `${country}.yaml`);
}

/**
 * Which file to read: `--config`, else `$POSTVAKT_CONFIG`, else `./postvakt.yaml`, else the
 * Danish sample, so `npx postvakt serve` starts on a fresh machine.
 */
export function resolveConfigPath(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return resolve(explicit);
  if (env.POSTVAKT_CONFIG) return resolve(env.POSTVAKT_CONFIG);
  const local = resolve('postvakt.yaml');
  return existsSync(local) ? local : samplePath('dk');
}

export interface LoadedConfig {
  path: string;
  config: Config;
}

export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${path}: cannot read the configuration file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return { path, config: parseConfig(text, path, env) };
}

export function parseConfig(text: string, path = 'postvakt.yaml', env: NodeJS.ProcessEnv = process.env): Config {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = lineCounter.linePos(e.pos[0]).line;
    throw new ConfigError(`${path}:${line}: not valid YAML: ${e.message.split('\n')[0]}`);
  }
  const data = (doc.toJS() ?? {}) as Record<string, unknown>;
  applyEnvironment(data, env);
  const result = configSchema.safeParse(data, { reportInput: true });
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const node = issueNode(doc, issue);
  const line = isNode(node) && node.range ? `:${lineCounter.linePos(node.range[0]).line}` : '';
  throw new ConfigError(`${path}${line}: ${describeIssue(issue, allowedKeys(configSchema, issue.path))}`);
}

/** The YAML node to point at: the unknown key itself, else the bad value. */
function issueNode(doc: Document, issue: z.core.$ZodIssue): unknown {
  const at = issue.path as (string | number)[];
  const parent = doc.getIn(at, true);
  if (issue.code === 'unrecognized_keys' && isMap(parent)) {
    const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === issue.keys[0]);
    if (pair) return pair.key;
  }
  return parent;
}

/** The keys an object in the schema accepts at a path, so "unknown key" can say what is allowed. */
export function allowedKeys(schema: z.core.$ZodType, path: PropertyKey[]): string[] | undefined {
  const unwrap = (s: z.core.$ZodType | undefined) => {
    // Optional, nullable, default and prefault all wrap the real schema in `innerType`.
    while (s && 'innerType' in s._zod.def) s = s._zod.def.innerType as z.core.$ZodType;
    return s;
  };
  let current = unwrap(schema);
  for (const segment of path) {
    const def = current?._zod.def;
    if (def?.type === 'object') current = unwrap((def as z.core.$ZodObjectDef).shape[String(segment)]);
    else if (def?.type === 'array') current = unwrap((def as z.core.$ZodArrayDef).element);
    else return undefined;
  }
  const def = current?._zod.def;
  return def?.type === 'object' ? Object.keys((def as z.core.$ZodObjectDef).shape) : undefined;
}

/** Environment overrides that operators expect to set outside the file. */
function applyEnvironment(data: Record<string, unknown>, env: NodeJS.ProcessEnv): void {
  if (env.POSTVAKT_DATABASE_URL) {
    data.store = { ...((data.store as object) ?? {}), url: env.POSTVAKT_DATABASE_URL };
  }
}

export function describeIssue(issue: z.core.$ZodIssue, allowed?: string[]): string {
  const key = issue.path.length ? issue.path.map(String).join('.') : '(top level)';
  const value = 'input' in issue && issue.input !== undefined ? JSON.stringify(issue.input) : undefined;
  switch (issue.code) {
    case 'invalid_value':
      return `${key}: ${value ?? 'value'} is not allowed; expected one of ${issue.values.map((v) => String(v)).join(', ')}`;
    case 'unrecognized_keys':
      return `${key}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${
        allowed ? `; allowed keys: ${allowed.join(', ')}` : ''
      }`;
    case 'invalid_type': {
      const expected = issue.expected === 'boolean' ? 'true or false' : issue.expected;
      return value === undefined ? `${key}: missing; expected ${expected}` : `${key}: ${value} is not allowed; expected ${expected}`;
    }
    default:
      return `${key}: ${value !== undefined ? `${value} is not allowed; ` : ''}${issue.message}`;
  }
}
