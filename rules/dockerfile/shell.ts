/**
 * A small POSIX-shell reader for RUN lines: enough to tell which program runs with
 * which arguments across `&&`, `||`, `;`, `|`, `&`, subshells, line continuations
 * and the comment lines Docker strips from them. It does not evaluate anything.
 *
 * Every word keeps its document offsets, so a rule can point at `--no-cache-dir`
 * exactly and a fix can delete it. The scan is a single linear pass (no regular
 * expressions), so hostile input cannot make it backtrack.
 */

export interface Word {
  /** The word after quote removal and backslash escapes; expansions stay as written (`$HOME`). */
  value: string;
  /** Document offsets of the word as written. */
  start: number;
  end: number;
  quoted: boolean;
  /** Contains `$`, a command substitution or backticks outside single quotes. */
  hasExpansion: boolean;
}

export type Connector = '&&' | '||' | ';' | '|' | '&' | '\n' | '(' | ')';

export interface Redirect {
  op: string;
  target?: Word;
  start: number;
  end: number;
}

export interface ShellCommand {
  /** Leading `NAME=value` words. */
  assignments: Word[];
  /** The command words, wrappers such as `sudo` included. */
  argv: Word[];
  redirects: Redirect[];
  /** The operator before this command (`null` for the first). */
  connector: Connector | null;
  /** Index into argv of the real program after wrappers (`sudo`, `env X=1`, `exec`, `time`...). */
  programIndex: number;
  start: number;
  end: number;
}

/** Basename of the program a command runs (`/usr/local/bin/pip3` → `pip3`), or '' for none. */
export function programName(cmd: ShellCommand): string {
  const w = cmd.argv[cmd.programIndex];
  if (!w) return '';
  const v = w.value;
  const slash = v.lastIndexOf('/');
  return slash >= 0 ? v.slice(slash + 1) : v;
}

/** The words after the program. */
export function programArgs(cmd: ShellCommand): Word[] {
  return cmd.argv.slice(cmd.programIndex + 1);
}

const WRAPPERS = new Set(['sudo', 'exec', 'time', 'nice', 'nohup', 'command', 'builtin', 'doas', 'chronic', 'eatmydata']);
/** Reserved words that introduce or close a compound command; the words after them are a command. */
const PREFIX_KEYWORDS = new Set(['then', 'do', 'else', 'elif', 'if', 'while', 'until', '!', '{', 'time']);
const CLOSING_KEYWORDS = new Set(['fi', 'done', '}', 'esac']);

/**
 * The text of a RUN instruction as the shell sees it, with the offsets of each
 * character in the document. Docker removes `<escape><newline>` and the comment
 * lines inside a continued instruction before the shell runs.
 */
export interface LogicalText {
  text: string;
  offsets: number[];
}

export function dockerLogicalText(doc: string, start: number, end: number, escape: string, joinContinuations = true): LogicalText {
  let text = '';
  const offsets: number[] = [];
  let i = start;
  let afterContinuation = false;
  while (i < end) {
    if (afterContinuation) {
      // Skip blank and comment lines that follow a continuation, as Docker does.
      let j = i;
      while (j < end && (doc[j] === ' ' || doc[j] === '\t')) j++;
      if (j < end && doc[j] === '#') {
        while (j < end && doc[j] !== '\n') j++;
        i = j + 1;
        continue;
      }
      if (j < end && (doc[j] === '\n' || doc[j] === '\r')) {
        i = doc[j] === '\r' && doc[j + 1] === '\n' ? j + 2 : j + 1;
        continue;
      }
      afterContinuation = false;
    }
    const c = doc[i];
    if (joinContinuations && c === escape) {
      let j = i + 1;
      while (j < end && (doc[j] === ' ' || doc[j] === '\t')) j++;
      if (j >= end || doc[j] === '\n' || doc[j] === '\r') {
        i = doc[j] === '\r' && doc[j + 1] === '\n' ? j + 2 : j + 1;
        afterContinuation = true;
        continue;
      }
    }
    text += c;
    offsets.push(i);
    i++;
  }
  offsets.push(i);
  return { text, offsets };
}

const OPERATOR_START = new Set([';', '&', '|', '(', ')', '<', '>']);

function isBlank(c: string): boolean {
  return c === ' ' || c === '\t' || c === '\r';
}

interface Token {
  kind: 'word' | 'op' | 'redirect' | 'newline';
  word?: Word;
  op?: string;
  start: number;
  end: number;
}

class Tokenizer {
  private i = 0;
  private readonly s: string;
  private pendingHeredocs: { delimiter: string; stripTabs: boolean }[] = [];

  constructor(private readonly src: LogicalText) {
    this.s = src.text;
  }

  private docOffset(i: number): number {
    return this.src.offsets[Math.min(i, this.src.offsets.length - 1)];
  }

  tokens(): Token[] {
    const out: Token[] = [];
    const s = this.s;
    while (this.i < s.length) {
      const c = s[this.i];
      if (isBlank(c)) {
        this.i++;
        continue;
      }
      if (c === '\n') {
        out.push({ kind: 'newline', op: '\n', start: this.docOffset(this.i), end: this.docOffset(this.i + 1) });
        this.i++;
        if (this.pendingHeredocs.length) this.skipHeredocBodies();
        continue;
      }
      if (c === '\\' && s[this.i + 1] === '\n') {
        this.i += 2;
        continue;
      }
      if (c === '#') {
        while (this.i < s.length && s[this.i] !== '\n') this.i++;
        continue;
      }
      const redirect = this.readRedirectOp();
      if (redirect) {
        out.push(redirect);
        continue;
      }
      if (OPERATOR_START.has(c)) {
        const two = s.slice(this.i, this.i + 2);
        const op = two === '&&' || two === '||' || two === ';;' ? two : c;
        out.push({ kind: 'op', op, start: this.docOffset(this.i), end: this.docOffset(this.i + op.length) });
        this.i += op.length;
        continue;
      }
      out.push({ kind: 'word', word: this.readWord(), start: 0, end: 0 });
    }
    return out;
  }

  /** `>`, `>>`, `2>&1`, `&>`, `<`, `<<EOF`, `<<-EOF`, `<<<`... Returns null when not at one. */
  private readRedirectOp(): Token | null {
    const s = this.s;
    let j = this.i;
    while (j < s.length && s[j] >= '0' && s[j] <= '9') j++;
    const startsWithAmp = j === this.i && s[j] === '&' && s[j + 1] === '>';
    if (!startsWithAmp && s[j] !== '<' && s[j] !== '>') return null;
    if (j > this.i && s[j] !== '<' && s[j] !== '>') return null;
    let k = startsWithAmp ? j + 1 : j;
    const first = s[k];
    k++;
    let op = s.slice(this.i, k);
    if (first === '<' && s[k] === '<') {
      k++;
      if (s[k] === '<') k++;
      else if (s[k] === '-') k++;
    } else if (first === '>' && (s[k] === '>' || s[k] === '|')) k++;
    if (s[k] === '&') {
      k++;
      while (k < s.length && ((s[k] >= '0' && s[k] <= '9') || s[k] === '-')) k++;
    } else if (first === '<' && s[k] === '>') k++;
    op = s.slice(this.i, k);
    const start = this.docOffset(this.i);
    this.i = k;
    const tok: Token = { kind: 'redirect', op, start, end: this.docOffset(k) };
    if (!op.endsWith('&') && !/&[0-9-]+$/.test(op)) {
      while (this.i < s.length && isBlank(s[this.i])) this.i++;
      if (this.i < s.length && s[this.i] !== '\n' && !OPERATOR_START.has(s[this.i])) {
        tok.word = this.readWord();
        tok.end = tok.word.end;
        if (op.endsWith('<<') || op.endsWith('<<-')) {
          this.pendingHeredocs.push({ delimiter: tok.word.value, stripTabs: op.endsWith('-') });
        }
      }
    }
    return tok;
  }

  /** Inside a heredoc script, a nested heredoc's body is data, not commands. */
  private skipHeredocBodies(): void {
    const s = this.s;
    while (this.pendingHeredocs.length && this.i < s.length) {
      const { delimiter, stripTabs } = this.pendingHeredocs[0];
      let lineEnd = s.indexOf('\n', this.i);
      if (lineEnd < 0) lineEnd = s.length;
      let line = s.slice(this.i, lineEnd);
      if (line.endsWith('\r')) line = line.slice(0, -1);
      if (stripTabs) line = line.replace(/^\t+/, '');
      this.i = lineEnd + 1;
      if (line === delimiter) this.pendingHeredocs.shift();
    }
    this.pendingHeredocs = [];
  }

  private readWord(): Word {
    const s = this.s;
    const startI = this.i;
    let value = '';
    let quoted = false;
    let hasExpansion = false;
    while (this.i < s.length) {
      const c = s[this.i];
      if (isBlank(c) || c === '\n' || OPERATOR_START.has(c)) break;
      if (c === '\\') {
        const next = s[this.i + 1];
        if (next === '\n') {
          this.i += 2;
          continue;
        }
        if (next !== undefined) value += next;
        quoted = true;
        this.i += 2;
        continue;
      }
      if (c === "'") {
        quoted = true;
        const close = s.indexOf("'", this.i + 1);
        const endQ = close < 0 ? s.length : close;
        value += s.slice(this.i + 1, endQ);
        this.i = endQ + 1;
        continue;
      }
      if (c === '"') {
        quoted = true;
        this.i++;
        while (this.i < s.length && s[this.i] !== '"') {
          const d = s[this.i];
          if (d === '\\' && this.i + 1 < s.length) {
            const n = s[this.i + 1];
            if (n === '\n') {
              this.i += 2;
              continue;
            }
            value += n === '$' || n === '`' || n === '"' || n === '\\' ? n : d + n;
            this.i += 2;
            continue;
          }
          if (d === '$' || d === '`') {
            hasExpansion = true;
            const text = this.readExpansion();
            value += text;
            continue;
          }
          value += d;
          this.i++;
        }
        this.i++;
        continue;
      }
      if (c === '$' || c === '`') {
        hasExpansion = true;
        value += this.readExpansion();
        continue;
      }
      value += c;
      this.i++;
    }
    const endI = Math.min(this.i, s.length);
    return { value, start: this.docOffset(startI), end: this.docOffset(endI), quoted, hasExpansion };
  }

  /** Reads `$VAR`, `${...}`, `$(...)`, `$((...))` or a backtick substitution, returned as written. */
  private readExpansion(): string {
    const s = this.s;
    const start = this.i;
    if (s[this.i] === '`') {
      const close = s.indexOf('`', this.i + 1);
      this.i = close < 0 ? s.length : close + 1;
      return s.slice(start, this.i);
    }
    this.i++; // $
    const open = s[this.i];
    if (open === '(' || open === '{') {
      const close = open === '(' ? ')' : '}';
      let depth = 0;
      while (this.i < s.length) {
        const d = s[this.i];
        if (d === '\\') {
          this.i += 2;
          continue;
        }
        if (d === "'" && open === '(') {
          const q = s.indexOf("'", this.i + 1);
          this.i = q < 0 ? s.length : q + 1;
          continue;
        }
        if (d === open) depth++;
        else if (d === close) {
          depth--;
          if (depth === 0) {
            this.i++;
            break;
          }
        }
        this.i++;
      }
      return s.slice(start, this.i);
    }
    while (this.i < s.length) {
      const d = s[this.i];
      const ident = (d >= 'a' && d <= 'z') || (d >= 'A' && d <= 'Z') || (d >= '0' && d <= '9') || d === '_';
      if (ident) this.i++;
      else {
        if (this.i === start + 1 && '@*#?$!-'.includes(d)) this.i++;
        break;
      }
    }
    return s.slice(start, this.i);
  }
}

function isAssignment(w: Word): boolean {
  const v = w.value;
  const eq = v.indexOf('=');
  if (eq <= 0) return false;
  const c0 = v.charCodeAt(0);
  if (!((c0 >= 65 && c0 <= 90) || (c0 >= 97 && c0 <= 122) || c0 === 95)) return false;
  for (let k = 1; k < eq; k++) {
    const c = v.charCodeAt(k);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
    if (!ok) return false;
  }
  return true;
}

/** Index of the program after wrappers like `sudo -u x`, `env A=1`, `exec`, `time -p`. */
function findProgramIndex(argv: Word[]): number {
  let i = 0;
  while (i < argv.length) {
    const v = argv[i].value;
    const base = v.slice(v.lastIndexOf('/') + 1);
    if (base === 'env') {
      i++;
      while (i < argv.length && (argv[i].value.startsWith('-') || isAssignment(argv[i]))) i++;
      continue;
    }
    if (base === 'sudo' || base === 'doas') {
      i++;
      while (i < argv.length && argv[i].value.startsWith('-')) {
        const opt = argv[i].value;
        i++;
        // Options of sudo that take a value.
        if ((opt === '-u' || opt === '-g' || opt === '-C' || opt === '-D' || opt === '-h') && i < argv.length) i++;
      }
      continue;
    }
    if (WRAPPERS.has(base)) {
      i++;
      while (i < argv.length && argv[i].value.startsWith('-')) i++;
      continue;
    }
    break;
  }
  return Math.min(i, Math.max(argv.length - 1, 0));
}

/** Splits shell text into simple commands. */
export function parseShell(src: LogicalText): ShellCommand[] {
  const tokens = new Tokenizer(src).tokens();
  const commands: ShellCommand[] = [];
  let current: ShellCommand | null = null;
  let connector: Connector | null = null;
  let skipUntilSeparator = false;

  const finish = () => {
    if (current && (current.argv.length || current.assignments.length || current.redirects.length)) {
      current.programIndex = findProgramIndex(current.argv);
      commands.push(current);
    }
    current = null;
  };

  for (const t of tokens) {
    if (t.kind === 'op' || t.kind === 'newline') {
      finish();
      skipUntilSeparator = false;
      const op = t.op as string;
      connector = (op === ';;' ? ';' : op) as Connector;
      continue;
    }
    if (skipUntilSeparator) continue;
    if (!current) {
      if (t.kind === 'word') {
        const v = t.word!.value;
        if (!t.word!.quoted && PREFIX_KEYWORDS.has(v)) continue;
        if (!t.word!.quoted && CLOSING_KEYWORDS.has(v)) continue;
        if (!t.word!.quoted && (v === 'for' || v === 'case' || v === 'function' || v === 'select')) {
          skipUntilSeparator = true;
          continue;
        }
      }
      const start = t.kind === 'word' ? t.word!.start : t.start;
      current = { assignments: [], argv: [], redirects: [], connector, programIndex: 0, start, end: start };
    }
    const cmd: ShellCommand = current;
    if (t.kind === 'redirect') {
      cmd.redirects.push({ op: t.op!, target: t.word, start: t.start, end: t.end });
      cmd.end = Math.max(cmd.end, t.end);
      continue;
    }
    const w = t.word!;
    if (cmd.argv.length === 0 && isAssignment(w)) cmd.assignments.push(w);
    else cmd.argv.push(w);
    cmd.end = Math.max(cmd.end, w.end);
  }
  finish();
  return commands;
}
