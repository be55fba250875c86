/**
 * Loads `postvakt.yaml` — usually a few lines over a sample (`extends: dk` or `se`: mappings
 * merge, lists replace) — applies the environment overrides, validates it with zod, and turns
 * every problem into one readable line that names the file (or variable), line, key, the bad
 * value and what is allowed; all of a file's problems at once, never a stack trace.
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
  /** The sample the file extends (`extends: dk`), if any. */
  base?: string;
  /** The environment variables that overrode a value of the file. */
  overrides: string[];
}

export function loadConfig(path: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  return { path, ...readConfig(readText(path), path, env) };
}

export function parseConfig(text: string, path = 'postvakt.yaml', env: NodeJS.ProcessEnv = process.env): Config {
  return readConfig(text, path, env).config;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`${path}: cannot read the configuration file (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
}

/** One parsed YAML file, kept so that an error can name its line. */
interface Source {
  path: string;
  doc: Document;
  lines: LineCounter;
}

function readYaml(text: string, path: string): { source: Source; data: Record<string, unknown> } {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    throw new ConfigError(doc.errors.map((e) => `${path}:${lines.linePos(e.pos[0]).line}: not valid YAML: ${e.message.split('\n')[0]}`).join('\n'));
  }
  const data = doc.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new ConfigError(`${path}: (top level): expected a mapping of sections`);
  return { source: { path, doc, lines }, data: data as Record<string, unknown> };
}

function readConfig(text: string, path: string, env: NodeJS.ProcessEnv): Omit<LoadedConfig, 'path'> {
  const top = readYaml(text, path);
  const sources = [top.source];
  let data = top.data;
  let base: string | undefined;
  if ('extends' in data) {
    const { extends: country, ...rest } = data;
    data = rest;
    if (country === 'dk' || country === 'se') {
      base = samplePath(country);
      const sample = readYaml(readText(base), base);
      sources.push(sample.source);
      data = merge(sample.data, data) as Record<string, unknown>;
    } else {
      // Without its base every section would be reported missing: this one line says it all.
      throw new ConfigError(`${at(top.source, ['extends'])}: extends: ${JSON.stringify(country)} is not allowed; expected dk or se`);
    }
  }
  const overrides = applyEnvironment(data, env);
  const result = configSchema.safeParse(data, { reportInput: true });
  if (result.success) return { config: result.data, ...(base ? { base } : {}), overrides };
  const errors: Array<{ text: string; order: number[] }> = [];
  const reported = new Set<string>();
  for (const issue of result.error.issues) {
    const key = issue.path.map(String).join('.');
    // One line per key: a value that fails its format also fails the checks built on it.
    if (reported.has(key) && issue.code !== 'unrecognized_keys') continue;
    reported.add(key);
    const text = describeIssue(issue, allowedKeys(configSchema, issue.path));
    const variable = overrides.find((name) => key.startsWith(ENVIRONMENT[name]!.join('.')));
    // The short file first, then its sample; a key in neither (missing) is the short file's.
    const index = Math.max(0, sources.findIndex((source) => issueNode(source.doc, issue)));
    const line = lineOf(sources[index]!.lines, issueNode(sources[index]!.doc, issue));
    if (variable) errors.push({ text: `environment ${variable}: ${text}`, order: [sources.length] });
    else errors.push({ text: `${sources[index]!.path}${line ? `:${line}` : ''}: ${text}`, order: [index, line ?? 0] });
  }
  // In the order of the file, as an editor shows it.
  errors.sort((a, b) => a.order[0]! - b.order[0]! || (a.order[1] ?? 0) - (b.order[1] ?? 0));
  throw new ConfigError(errors.map((e) => e.text).join('\n'));
}

function lineOf(lines: LineCounter, node: unknown): number | undefined {
  return isNode(node) && node.range ? lines.linePos(node.range[0]).line : undefined;
}

/** "file:line" of the value at a key path, or just the file. */
function at(source: Source, path: PropertyKey[]): string {
  const line = lineOf(source.lines, source.doc.getIn(path, true));
  return line ? `${source.path}:${line}` : source.path;
}

/**
 * The file over its base: mappings merge key by key, anything else (lists included) replaces.
 * By hand because it is these few lines and list replacement is the rule an operator expects.
 */
export function merge(base: unknown, over: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(over)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = key in base ? merge(base[key], value) : value;
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The YAML node to point at in one file: the unknown key itself, else the bad value; none when that file lacks it. */
function issueNode(doc: Document, issue: z.core.$ZodIssue): unknown {
  const node = doc.getIn(issue.path as (string | number)[], true);
  if (issue.code !== 'unrecognized_keys') return node;
  return isMap(node) ? node.items.find((p) => isScalar(p.key) && p.key.value === issue.keys[0])?.key : undefined;
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

/**
 * Environment overrides for what differs per host (documented in README). A port is a number
 * when it looks like one; otherwise it stays text, so validation names the variable.
 */
export const ENVIRONMENT: Record<string, string[]> = {
  POSTVAKT_DATABASE_URL: ['store', 'url'],
  POSTVAKT_SMTP_HOST: ['gateway', 'host'],
  POSTVAKT_SMTP_PORT: ['gateway', 'port'],
  POSTVAKT_SMARTHOST_HOST: ['gateway', 'smarthost', 'host'],
  POSTVAKT_SMARTHOST_PORT: ['gateway', 'smarthost', 'port'],
  POSTVAKT_WEB_HOST: ['web', 'host'],
  POSTVAKT_WEB_PORT: ['web', 'port'],
  POSTVAKT_PUBLIC_URL: ['web', 'publicUrl'],
  POSTVAKT_DIGITALPOST_HOST: ['digitalPost', 'host'],
  POSTVAKT_DIGITALPOST_PORT: ['digitalPost', 'port'],
};

function applyEnvironment(data: Record<string, unknown>, env: NodeJS.ProcessEnv): string[] {
  const applied: string[] = [];
  for (const [name, path] of Object.entries(ENVIRONMENT)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    let target = data;
    for (const key of path.slice(0, -1)) {
      if (!isPlainObject(target[key])) target[key] = {};
      target = target[key] as Record<string, unknown>;
    }
    target[path.at(-1)!] = path.at(-1) === 'port' && /^\d+$/.test(raw.trim()) ? Number(raw) : raw;
    applied.push(name);
  }
  return applied;
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
