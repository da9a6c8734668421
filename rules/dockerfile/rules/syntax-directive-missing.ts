/**
 * A feature newer than the Dockerfile frontend built into the oldest engine the
 * project targets, without a `# syntax=` directive: that engine fails on it (or,
 * for `# check=`, silently ignores it). The directive makes BuildKit fetch a
 * current frontend image instead.
 */
import { dockerfileRule } from '../rule';
import type { DockerfileModel, Instr } from '../model';
import {
  DEFAULT_MIN_ENGINE,
  builtinFrontend,
  engineHas,
  firstEngineWith,
  formatVersion,
  frontendFeature,
  parseVersion,
  type FeatureId,
  type FrontendFeature,
} from '../knowledge/frontend-features';

interface FeatureUse {
  id: FeatureId;
  start: number;
  end: number;
}

/** Instructions whose arguments BuildKit expands itself (RUN/CMD/ENTRYPOINT leave it to the shell). */
const EXPANDING = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'FROM', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG']);

function isGitSource(src: string): boolean {
  if (src.startsWith('git@')) return true;
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(src)) return false;
  const path = src.split(/[?#]/)[0];
  return src.startsWith('git://') || path.endsWith('.git');
}

const GIT_QUERY_KEYS = ['ref', 'tag', 'branch', 'checksum', 'commit', 'subdir', 'keep-git-dir', 'submodules'];

/** `${NAME#…}`, `${NAME%…}`, `${NAME/…}` in text BuildKit expands (not single-quoted, not escaped). */
function varModifierUses(model: DockerfileModel, instr: Instr, out: FeatureUse[]): void {
  const t = model.text;
  let inSingle = false;
  for (let i = instr.argsStart; i < instr.end; i++) {
    const c = t[i];
    if (c === model.escape) {
      i++;
      continue;
    }
    if (c === "'" && (instr.keyword === 'ENV' || instr.keyword === 'ARG' || instr.keyword === 'LABEL')) inSingle = !inSingle;
    if (inSingle || c !== '$' || t[i + 1] !== '{') continue;
    let j = i + 2;
    while (j < instr.end && /[A-Za-z0-9_]/.test(t[j])) j++;
    if (j === i + 2 || (t[j] !== '#' && t[j] !== '%' && t[j] !== '/')) continue;
    const close = t.indexOf('}', j);
    out.push({ id: 'var-modifiers', start: i, end: close >= 0 && close < instr.end ? close + 1 : j + 1 });
    i = j;
  }
}

/** Every use of a feature that depends on the frontend version, in document order. */
export function frontendFeatureUses(model: DockerfileModel): FeatureUse[] {
  const out: FeatureUse[] = [];
  for (const d of model.directives) {
    if (d.name !== 'check') continue;
    const start = model.lines.lineStarts[d.line];
    out.push({ id: 'check-directive', start, end: model.lines.lineEnd(d.line) });
  }
  for (const instr of model.instructions) {
    const kw = instr.keyword;
    const sources = kw === 'COPY' || kw === 'ADD' ? instr.args.slice(0, -1) : [];
    const gitSources = kw === 'ADD' ? sources.filter((s) => isGitSource(s.value)) : [];
    for (const f of instr.flags) {
      const name = f.name.toLowerCase();
      const use = (id: FeatureId, start = f.start, end = f.end) => out.push({ id, start, end });
      if (kw === 'RUN') {
        if (name === 'mount') {
          use('run-mount');
          const type = f.options.find((o) => o.name.toLowerCase() === 'type');
          const env = f.options.find((o) => o.name.toLowerCase() === 'env');
          if (type?.value?.toLowerCase() === 'secret' && env) use('secret-env', env.start, env.end);
        } else if (name === 'network') use('run-network');
        else if (name === 'security') use('run-security');
        else if (name === 'device') use('run-device');
      } else if (kw === 'COPY' || kw === 'ADD') {
        if (name === 'link') use('copy-link');
        else if (name === 'exclude') use('copy-exclude');
        else if (name === 'parents' && kw === 'COPY') use('copy-parents');
        else if (name === 'chmod' && f.value) {
          if (f.value.includes('$')) use('chmod-variable');
          else if (!/^[0-7]{3,4}$/.test(f.value)) use('chmod-symbolic');
        } else if (kw === 'ADD' && name === 'checksum') use(gitSources.length ? 'add-checksum-git' : 'add-checksum');
        else if (kw === 'ADD' && name === 'keep-git-dir') use('add-keep-git-dir');
        else if (kw === 'ADD' && name === 'unpack') use('add-unpack');
      } else if (kw === 'HEALTHCHECK' && name === 'start-interval') use('healthcheck-start-interval');
    }
    const heredoc = instr.args.find((a) => a.value.startsWith('<<'));
    if (heredoc && (kw === 'RUN' || kw === 'COPY' || kw === 'ADD')) out.push({ id: 'heredoc', start: heredoc.start, end: heredoc.end });
    for (const s of gitSources) {
      out.push({ id: 'add-git', start: s.start, end: s.end });
      const q = s.value.indexOf('?');
      if (q >= 0 && s.value.slice(q + 1).split('&').some((kv) => GIT_QUERY_KEYS.includes(kv.split('=')[0]))) {
        out.push({ id: 'add-git-query', start: s.start + q, end: s.end });
      }
    }
    if (EXPANDING.has(kw)) varModifierUses(model, instr, out);
  }
  return out.sort((a, b) => a.start - b.start);
}

function message(feature: FrontendFeature, engine: string, directive: string): string {
  const has = formatVersion(builtinFrontend(parseVersion(engine)!));
  const fix = `Add \`# syntax=${directive}\` as the first line so BuildKit fetches a frontend that has it`;
  if (!feature.stable) {
    return `This uses ${feature.label}, which only the Dockerfile frontend's labs channel has: no Docker Engine has it built in. ${fix}.`;
  }
  const first = firstEngineWith(feature.stable);
  const since = first ? `built into Docker Engine ${formatVersion(first)}+` : 'not yet built into any Docker Engine';
  const effect = feature.id === 'check-directive' ? 'ignores it as a plain comment' : 'fails on it';
  return (
    `This uses ${feature.label}, which needs Dockerfile frontend ${formatVersion(feature.stable)} (${since}); ` +
    `Docker Engine ${engine}, the oldest this project targets, has frontend ${has} built in and ${effect}. ` +
    `${fix}, or raise \`dockerfile.minEngine\` in .layerwise.yaml.`
  );
}

export default dockerfileRule(
  { id: 'syntax-directive-missing', title: 'Feature needs a newer Dockerfile frontend', severity: 'info', plan: '§2.3', fix: 'unsafe' },
  (ctx) => {
    const model = ctx.model;
    if (model.directives.some((d) => d.name === 'syntax')) return;
    const configured = ctx.config.dockerfile?.minEngine;
    const engineText = parseVersion(configured) ? (configured as string) : DEFAULT_MIN_ENGINE;
    const engine = parseVersion(engineText)!;
    const missing = frontendFeatureUses(model)
      .map((u) => ({ ...u, feature: frontendFeature(u.id) }))
      .filter((u) => !engineHas(engine, u.feature));
    if (!missing.length) return;
    // One directive for the whole file: labs when any feature is labs-only.
    const directive = missing.some((u) => !u.feature.stable) ? 'docker/dockerfile:1-labs' : 'docker/dockerfile:1';
    // Parser directives must open the file. The engine hands us a byte-order mark as a
    // space: replace it, since engines before 28.0 (frontend < 1.13) miss a directive behind a BOM.
    const edit = model.text.startsWith(' ')
      ? ctx.replace(0, 1, `# syntax=${directive}${model.lines.eol}`)
      : ctx.insert(0, `# syntax=${directive}${model.lines.eol}`);
    for (const u of missing) {
      ctx.report({
        start: u.start,
        end: u.end,
        message: message(u.feature, engineText, directive),
        fixes: [{ title: `Add \`# syntax=${directive}\``, safe: false, edits: [edit] }],
      });
    }
  },
);
