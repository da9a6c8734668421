/**
 * A small mocha-like runner for the extension host (no test framework is a dependency):
 * `test(name, fn)` registers, `runTests()` runs them in order, each with a timeout, then
 * the `after` hooks; it prints a line per test and rejects when any failed (what
 * @vscode/test-electron reads).
 */
type TestFn = () => Promise<void> | void;

interface Registered {
  name: string;
  fn: TestFn;
  timeout: number;
}

const registered: Registered[] = [];
const afterAll: TestFn[] = [];

export function test(name: string, fn: TestFn, timeout = 60_000): void {
  registered.push({ name, fn, timeout });
}

/** Runs once all tests are done, whatever their outcome (cleanup). */
export function after(fn: TestFn): void {
  afterAll.push(fn);
}

export async function runTests(log: (line: string) => void = console.log): Promise<void> {
  const failures: string[] = [];
  for (const t of registered) {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(t.fn),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${t.timeout} ms`)), t.timeout);
        }),
      ]);
      log(`  ✔ ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failures.push(t.name);
      log(`  ✖ ${t.name}\n    ${e instanceof Error ? (e.stack ?? e.message).replace(/\n/g, '\n    ') : String(e)}`);
    } finally {
      clearTimeout(timer);
    }
  }
  for (const fn of afterAll) {
    try {
      await fn();
    } catch (e) {
      failures.push('after hook');
      log(`  ✖ after hook: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  log(`${registered.length - failures.length} passing, ${failures.length} failing`);
  if (failures.length) throw new Error(`${failures.length} of ${registered.length} tests failed: ${failures.join('; ')}`);
}
