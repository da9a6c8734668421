import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { DEFAULT_CONFIG, type LayerwiseConfig } from '../../../rules';
import {
  DEFAULT_MIN_ENGINE,
  ENGINE_FRONTENDS,
  builtinFrontend,
  compareVersions,
  firstEngineWith,
  frontendFeature,
  parseVersion,
} from '../../../rules/dockerfile/knowledge/frontend-features';

const t = ruleTester('syntax-directive-missing');
const engine = (minEngine: string): { config: LayerwiseConfig } => ({ config: { ...DEFAULT_CONFIG, dockerfile: { minEngine } } });

test('syntax-directive-missing points at each feature the default engine (25.0) lacks', () => {
  t.catchesAt(lines('FROM alpine', 'COPY --exclude=*.md . /app/'), [{ line: 1, character: 5, endCharacter: 19 }]);
  t.catchesAt(lines('FROM alpine', 'COPY --link --parents src/*/go.mod /app/'), [{ line: 1, character: 12, endCharacter: 21 }]);
  t.catchesAt(lines('FROM alpine', 'ADD --unpack=true https://example.com/x.tar.gz /opt/'), [{ line: 1, character: 4, endCharacter: 17 }]);
  t.catchesAt(lines('FROM alpine', 'RUN --security=insecure --network=host make'), [{ line: 1, character: 4, endCharacter: 23 }]);
  t.catchesAt(lines('FROM alpine', 'RUN --mount=type=secret,id=tok,env=TOKEN ./fetch'), [{ line: 1, character: 31, endCharacter: 40 }]);
  t.catchesAt(lines('FROM alpine', 'COPY --chmod=u+x run.sh /', 'COPY --chmod=755 a /', 'COPY --chmod=$MODE b /'), [
    { line: 1, character: 5, endCharacter: 16 },
    { line: 3, character: 5, endCharacter: 18 },
  ]);
  t.catchesAt(lines('ARG TARGETPLATFORM', 'ARG ARCH=${TARGETPLATFORM#linux/}', 'FROM alpine', 'ENV V=${ARCH%/*}'), [
    { line: 1, character: 9, endCharacter: 33 },
    { line: 3, character: 6, endCharacter: 16 },
  ]);
  t.catchesAt(lines('# check=error=true', 'FROM alpine'), [{ line: 0, character: 0, endCharacter: 18 }]);
  t.catchesAt(lines('FROM alpine', 'ADD https://github.com/moby/buildkit.git?ref=v0.16.0 /src'), [{ line: 1, character: 40, endCharacter: 52 }]);
  t.catchesAt(lines('FROM alpine', 'ADD --checksum=abc123 https://github.com/moby/buildkit.git /src'), [{ line: 1, character: 4, endCharacter: 21 }]);
  // Labs-only: always, whatever the engine.
  t.catchesAt(lines('FROM alpine', 'RUN --device=nvidia.com/gpu=all nvidia-smi'), [{ line: 1, character: 4, endCharacter: 31 }], engine('99.0'));
});

test('syntax-directive-missing stays quiet for features every maintained engine has', () => {
  t.catchesNot(
    lines(
      'FROM python:3.12 AS build',
      'RUN --mount=type=cache,target=/root/.cache/pip --network=default pip install -r requirements.txt',
      'RUN <<EOF',
      'echo ${HOME%/}',
      'EOF',
      'COPY --link --chmod=0755 --chown=1000:1000 entry.sh /',
      'ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/a.tgz /',
      'ADD https://github.com/moby/buildkit.git#v0.12.0 /src',
      'HEALTHCHECK --start-interval=2s CMD true',
      'FROM python:3.12-slim',
      'COPY --from=build /usr/local /usr/local',
      'COPY <<EOF /etc/app.conf',
      'x=1',
      'EOF',
      'ENV P=${PATH:-/bin} Q=\'${X%y}\'',
      'CMD ["python", "-m", "app"]',
    ),
  );
  // RUN, CMD and ENTRYPOINT leave substitutions to the shell.
  t.catchesNot(lines('FROM alpine', 'RUN echo ${TARGETPLATFORM#linux/}', 'CMD echo ${A%b}'));
  // An escaped dollar is no substitution.
  t.catchesNot(lines('FROM alpine', 'ENV A=\\${B%c}'));
});

test('syntax-directive-missing stays quiet when any syntax directive exists', () => {
  t.catchesNot(lines('# syntax=docker/dockerfile:1', 'FROM alpine', 'COPY --exclude=*.md . /app/'));
  t.catchesNot(lines('#syntax=docker.io/docker/dockerfile-upstream:master', '# check=error=true', 'FROM alpine', 'RUN --device=x true'));
  t.catchesNot(lines('# escape=`', '# syntax=docker/dockerfile:1.7-labs', 'FROM alpine', 'COPY --parents a/ /x/'));
  // The plan's §2.3 pattern opens with the directive.
  t.catchesNot(lines('# syntax=docker/dockerfile:1', 'FROM python:3.12-alpine AS base', 'WORKDIR /app', 'COPY --exclude=tests . .'));
});

test('syntax-directive-missing honours dockerfile.minEngine', () => {
  const exclude = lines('FROM alpine', 'COPY --exclude=*.md . /app/');
  t.catchesNot(exclude, engine('28.5'));
  t.catchesNot(exclude, engine('29.0.1'));
  t.catches(exclude, engine('28.4'));
  const heredoc = lines('FROM alpine', 'RUN <<EOF', 'echo hi', 'EOF');
  t.catchesNot(heredoc);
  t.catchesAt(heredoc, [{ line: 1, character: 4, endCharacter: 9 }], engine('20.10'));
  t.catchesAt(lines('FROM alpine', 'RUN --mount=type=cache,target=/x true'), [], engine('23.0'));
  t.catchesAt(lines('# check=skip=all', 'FROM alpine'), [], engine('27.0'));
  const [f] = t.catches(exclude, engine('27.5'));
  assert.match(f.message, /frontend 1\.19 \(built into Docker Engine 28\.5\+\)/);
  assert.match(f.message, /Docker Engine 27\.5, the oldest this project targets, has frontend 1\.12/);
});

test('syntax-directive-missing messages say what happens and what to add', () => {
  const [check] = t.catches(lines('# check=error=true', 'FROM alpine'));
  assert.match(check.message, /ignores it as a plain comment/);
  assert.match(check.message, /# syntax=docker\/dockerfile:1`/);
  const [labs] = t.catches(lines('FROM alpine', 'RUN --device=x true'));
  assert.match(labs.message, /labs channel/);
  assert.equal(labs.fixes[0].safe, false);
});

test('syntax-directive-missing fix inserts the directive above the others', () => {
  t.fixes(lines('FROM alpine', 'COPY --exclude=*.md . /app/'), lines('# syntax=docker/dockerfile:1', 'FROM alpine', 'COPY --exclude=*.md . /app/'));
  t.fixes(
    lines('# escape=`', 'FROM alpine', 'COPY --parents a/ `', '  /x/'),
    lines('# syntax=docker/dockerfile:1', '# escape=`', 'FROM alpine', 'COPY --parents a/ `', '  /x/'),
  );
  // `# check=` must come after: frontends before 1.8 stop reading directives at it.
  t.fixes(lines('# check=error=true', 'FROM alpine'), lines('# syntax=docker/dockerfile:1', '# check=error=true', 'FROM alpine'));
  t.fixes('FROM alpine\r\nCOPY --exclude=x . .\r\n', '# syntax=docker/dockerfile:1\r\nFROM alpine\r\nCOPY --exclude=x . .\r\n');
  // A labs-only feature anywhere makes the one directive the labs channel.
  t.fixes(
    lines('FROM alpine', 'COPY --exclude=x . .', 'RUN --device=gpu true'),
    lines('# syntax=docker/dockerfile:1-labs', 'FROM alpine', 'COPY --exclude=x . .', 'RUN --device=gpu true'),
  );
  // A byte-order mark (which the engine hands over as a space) is replaced.
  t.fixes('\ufeffFROM alpine\nCOPY --exclude=x . .\n', '# syntax=docker/dockerfile:1\nFROM alpine\nCOPY --exclude=x . .\n');
  t.fixes('FROM alpine\nCOPY --exclude=x . .', '# syntax=docker/dockerfile:1\nFROM alpine\nCOPY --exclude=x . .');
});

test('frontend-features table is consistent', () => {
  for (let i = 1; i < ENGINE_FRONTENDS.length; i++) {
    assert.ok(compareVersions(ENGINE_FRONTENDS[i - 1].engine, ENGINE_FRONTENDS[i].engine) < 0, 'engines ascend');
    assert.ok(compareVersions(ENGINE_FRONTENDS[i - 1].frontend, ENGINE_FRONTENDS[i].frontend) < 0, 'frontends ascend');
  }
  assert.deepEqual(builtinFrontend(parseVersion(DEFAULT_MIN_ENGINE)!), [1, 6]);
  assert.deepEqual(builtinFrontend([28, 6]), [1, 19]);
  assert.deepEqual(builtinFrontend([19, 3]), [1, 2]);
  assert.deepEqual(firstEngineWith(frontendFeature('copy-exclude').stable!), [28, 5]);
  assert.deepEqual(firstEngineWith(frontendFeature('copy-parents').stable!), [29, 1]);
  assert.equal(frontendFeature('run-device').stable, undefined);
  assert.equal(parseVersion('x'), undefined);
});
