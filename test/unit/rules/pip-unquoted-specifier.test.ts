import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';

const t = ruleTester('pip-unquoted-specifier');

test('pip-unquoted-specifier fires on the whole unquoted specifier', () => {
  t.catchesAt(lines('FROM python:3.12', 'RUN pip install flask>=2.0'), [{ line: 1, character: 16, endCharacter: 26 }]);
  // A range spans both redirects.
  t.catchesAt(lines('FROM python:3.12', 'RUN pip install --no-cache-dir flask>=2.0,<3 gunicorn'), [{ line: 1, character: 31, endCharacter: 44 }]);
  t.catchesAt(lines('FROM python:3.12', 'RUN pip3 install "django<5" requests>2 urllib3<2'), [
    { line: 1, character: 28, endCharacter: 38 },
    { line: 1, character: 39, endCharacter: 48 },
  ]);
  t.catchesAt(lines('FROM python:3.12', 'RUN python3 -m pip install numpy>=1.26'), [{ line: 1, character: 27, endCharacter: 38 }]);
  t.catchesAt(lines('FROM python:3.12', 'RUN uv pip install --system "a" pandas>=2'), [{ line: 1, character: 32, endCharacter: 41 }]);
  t.catchesAt(lines('FROM python:3.12', 'RUN uv add httpx>=0.27 && poetry add "x" rich>=13'), [
    { line: 1, character: 11, endCharacter: 22 },
    { line: 1, character: 41, endCharacter: 49 },
  ]);
  t.catches(lines('FROM python:3.12', 'RUN pip install flask[async]>=$FLASK_VERSION'));
  t.catches(lines('FROM python:3.12', 'RUN /usr/local/bin/pip3.12 install --upgrade pip setuptools>=70'));
  t.catches(lines('FROM continuumio/miniconda3', 'RUN conda install -y numpy>=1.26'));
  t.catches(lines('FROM python:3.12', 'RUN apt-get update && \\', '    pip install \\', '      flask>=2.0'));
});

test('pip-unquoted-specifier reads heredoc scripts, backtick escapes and CRLF', () => {
  t.catchesAt(lines('FROM python:3.12', 'RUN <<EOF', 'set -e', 'pip install flask>=2.0', 'EOF'), [{ line: 3, character: 12, endCharacter: 22 }]);
  t.catchesAt(lines('# escape=`', 'FROM python:3.12', 'RUN pip install `', '    flask>=2.0'), [{ line: 3, character: 4, endCharacter: 14 }]);
  t.catchesAt('FROM python:3.12\r\nRUN pip install flask>=2.0 \\\r\n  gunicorn\r\n', [{ line: 1, character: 16, endCharacter: 26 }]);
});

test('pip-unquoted-specifier stays quiet on quoted, exec-form and real redirects', () => {
  t.catchesNot(lines('FROM python:3.12', 'RUN pip install "flask>=2.0" \'requests<3\' urllib3==2.2.1 idna~=3.7 six!=1.0'));
  t.catchesNot(lines('FROM python:3.12', 'RUN ["pip", "install", "flask>=2.0"]'));
  t.catchesNot(lines('FROM python:3.12', 'RUN pip install -r requirements.txt > /tmp/pip.log 2>&1'));
  t.catchesNot(lines('FROM python:3.12', 'RUN pip install -r requirements.txt>/tmp/pip.log'));
  t.catchesNot(lines('FROM python:3.12', 'RUN pip freeze > requirements.lock'));
  t.catchesNot(lines('FROM python:3.12', 'RUN pip install flask >log'));
  t.catchesNot(lines('FROM python:3.12', 'RUN echo flask>=2.0'));
  t.catchesNot(lines('FROM python:3.12', 'RUN pip install flask>out.txt'));
  t.catchesNot(lines('FROM python:3.12', 'RUN pip install flask>"=2.0"'));
  t.catchesNot(lines('FROM python:3.12', 'RUN <<EOF', 'pip install "flask>=2.0"', 'EOF'));
  t.catchesNot(lines('FROM python:3.12', 'RUN cat <<EOF > /req.txt', 'flask>=2.0', 'EOF'));
  t.catchesNot(lines('# escape=`', 'FROM python:3.12', 'RUN pip install `', '    "flask>=2.0"'));
  t.catchesNot(
    lines(
      'FROM python:3.12 AS build',
      'COPY requirements.txt .',
      'RUN --mount=type=cache,target=/root/.cache/pip pip install -r requirements.txt',
      'FROM python:3.12-slim',
      'COPY --from=build /usr/local /usr/local',
    ),
  );
});

test('pip-unquoted-specifier explains the redirect', () => {
  const [f] = t.catches(lines('FROM python:3.12', 'RUN pip install flask<3'));
  assert.match(f.message, /`flask<3` is not quoted/);
  assert.match(f.message, /reads a file named `3`/);
  const [g] = t.catches(lines('FROM python:3.12', 'RUN pip install flask>=2'));
  assert.match(g.message, /writes a stray file named `=2`/);
  assert.equal(g.fixes[0].safe, true);
});

test('pip-unquoted-specifier fix quotes the specifier and nothing else', () => {
  t.fixes(
    lines('FROM python:3.12', 'RUN pip install --no-cache-dir flask>=2.0,<3 gunicorn && echo done'),
    lines('FROM python:3.12', 'RUN pip install --no-cache-dir "flask>=2.0,<3" gunicorn && echo done'),
  );
  t.fixes(lines('FROM python:3.12', 'RUN pip install flask>=${V}'), lines('FROM python:3.12', 'RUN pip install "flask>=${V}"'));
  t.fixes('FROM python:3.12\r\nRUN pip install \\\r\n  flask>=2.0\r\n', 'FROM python:3.12\r\nRUN pip install \\\r\n  "flask>=2.0"\r\n');
  t.fixes(lines('FROM python:3.12', 'RUN <<EOF', 'pip install flask>=2.0', 'EOF'), lines('FROM python:3.12', 'RUN <<EOF', 'pip install "flask>=2.0"', 'EOF'));
  // Both specifiers of one command: the second finding's fix.
  t.fixes(lines('FROM python:3.12', 'RUN pip install a>1 b<2'), lines('FROM python:3.12', 'RUN pip install a>1 "b<2"'), { findingIndex: 1 });
});
