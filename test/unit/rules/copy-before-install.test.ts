import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ruleTester, lines } from '../../helpers/ruleTester';
import { PLAN_1_1, PLAN_1_2, PLAN_1_3, PLAN_2_3 } from '../../fixtures/planExamples';
import { classifyCommand, isManifestSource } from '../../../rules/dockerfile/knowledge/manifests';
import { parseShell, dockerLogicalText } from '../../../rules/dockerfile/shell';

const t = ruleTester('copy-before-install');


test('copy-before-install points at the broad source and names the install it invalidates', () => {
  const [f] = t.catchesAt(lines('FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN pip install --no-cache-dir -r requirements.txt'), [
    { line: 2, character: 5, endCharacter: 6 },
  ]);
  assert.match(f.message, /`\.` brings in more than the dependency manifests before `pip install -r requirements\.txt` on line 4/);
  assert.match(f.message, /Copy only what it reads \(requirements\.txt\) first/);
  t.catchesAt(lines('FROM node:22', 'WORKDIR /app', 'COPY --chown=node:node package.json src/ ./', 'RUN npm ci'), [{ line: 2, character: 36, endCharacter: 40 }]);
  t.catchesAt(lines('FROM golang:1.23', 'WORKDIR /src', 'ADD . /src', 'RUN go mod download'), [{ line: 2, character: 4, endCharacter: 5 }]);
  t.catchesAt(lines('FROM node:22', 'WORKDIR /app', 'COPY [".", "."]', 'RUN ["npm", "ci"]'), [{ line: 2, character: 6, endCharacter: 9 }]);
  // Two broad copies before one install: both reported.
  t.catchesAt(lines('FROM python:3.12', 'WORKDIR /app', 'COPY src/ ./src/', 'COPY requirements.txt .', 'COPY tests ./tests', 'RUN pip install -r requirements.txt'), [
    { line: 2, character: 5, endCharacter: 9 },
    { line: 4, character: 5, endCharacter: 10 },
  ]);
});

test('copy-before-install knows many package managers', () => {
  const fires = (install: string) => t.catches(lines('FROM x', 'WORKDIR /app', 'COPY . .', `RUN ${install}`));
  for (const install of [
    'pip3 install -r requirements/prod.txt',
    'python -m pip install --user -r req.txt -c constraints.txt',
    'uv pip install --system -r requirements.txt',
    'uv sync --frozen --no-install-project',
    'poetry install --no-root --only main',
    'pipenv install --deploy --system',
    'conda env create -f environment.yml',
    'npm install --omit=dev',
    'yarn --frozen-lockfile',
    'pnpm install --frozen-lockfile',
    'pnpm fetch',
    'bun install',
    'go mod download',
    'bundle install',
    'composer install --no-dev --no-scripts --no-autoloader',
    'mvn -B dependency:go-offline',
    './gradlew dependencies --no-daemon',
    'dotnet restore',
    'cargo fetch',
    'mix deps.get',
    'apt-get update && apt-get install -y gcc && pip install -r requirements.txt && rm -rf /var/lib/apt/lists/*',
  ]) {
    fires(install);
  }
});

test('copy-before-install follows the stage: inert steps, bind mounts, heredocs, escapes, CRLF', () => {
  t.catches(lines('FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'ENV PIP_NO_CACHE_DIR=1', 'RUN python -m venv /venv', 'RUN /venv/bin/pip install -r requirements.txt'));
  t.catches(lines('FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN --mount=type=bind,source=requirements.txt,target=/tmp/r.txt pip install -r /tmp/r.txt'));
  t.catches(lines('FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN <<EOF', 'set -e', 'pip install -r requirements.txt', 'EOF'));
  t.catchesAt(lines('# escape=`', 'FROM python:3.12', 'WORKDIR C:/app', 'COPY . .', 'RUN pip install `', '    -r requirements.txt'), [{ line: 3, character: 5, endCharacter: 6 }]);
  t.catchesAt('FROM node:22\r\nWORKDIR /app\r\nCOPY . .\r\nRUN npm ci \\\r\n  --omit=dev\r\n', [{ line: 2, character: 5, endCharacter: 6 }]);
});

test('copy-before-install stays quiet when only manifests come first', () => {
  t.catchesNot(PLAN_1_1);
  t.catchesNot(PLAN_1_2);
  // §1.3: the builder stage copies everything and runs `npm run build`, which reads the sources.
  t.catchesNot(PLAN_1_3);
  // §2.3: builder copies requirements-prod.txt only; development copies `.` after its installs.
  t.catchesNot(PLAN_2_3);
  t.catchesNot(lines('FROM node:22', 'WORKDIR /app', 'COPY package*.json .npmrc ./', 'COPY patches ./patches', 'RUN npm ci', 'COPY . .', 'RUN npm run build'));
  t.catchesNot(lines('FROM golang:1.23', 'WORKDIR /src', 'COPY go.* ./', 'RUN go mod download', 'COPY . .', 'RUN go build -o /app'));
  t.catchesNot(lines('FROM mcr.microsoft.com/dotnet/sdk:8.0', 'WORKDIR /src', 'COPY *.sln ./', 'COPY src/Api/*.csproj src/Api/', 'RUN dotnet restore'));
  t.catchesNot(lines('FROM node:22', 'WORKDIR /app', 'COPY package.json yarn.lock .yarnrc.yml ./', 'COPY .yarn ./.yarn', 'RUN yarn install'));
  t.catchesNot(lines('FROM mcr.microsoft.com/devcontainers/anaconda', 'COPY environment.yml* noop.txt /tmp/conda-tmp/', 'RUN conda env update -n base -f /tmp/conda-tmp/environment.yml'));
  // Single configuration files are not code: rarely edited, not what the rule is about.
  t.catchesNot(lines('FROM node:22', 'WORKDIR /app', 'COPY package.json package-lock.json tsconfig.json ./', 'COPY nginx.conf /etc/nginx/', 'RUN npm ci'));
});

test('copy-before-install counts code files, trees and globs, not config files', () => {
  t.catchesAt(lines('FROM python:3.12', 'WORKDIR /app', 'COPY requirements.txt settings.ini app.py ./', 'RUN pip install -r requirements.txt'), [{ line: 2, character: 35, endCharacter: 41 }]);
  t.catchesAt(lines('FROM python:3.12', 'WORKDIR /app', 'COPY *.py ./', 'RUN pip install -r requirements.txt'), [{ line: 2, character: 5, endCharacter: 9 }]);
  t.catchesAt(lines('FROM python:3.12', 'WORKDIR /app', 'COPY lib ./lib', 'RUN pip install -r requirements.txt'), [{ line: 2, character: 5, endCharacter: 8 }]);
  t.catchesNot(lines('FROM python:3.12', 'WORKDIR /app', 'COPY requirements.txt .env Makefile ./', 'RUN pip install -r requirements.txt'));
});

test('copy-before-install stays quiet for installs that read the sources', () => {
  for (const install of [
    'pip install .',
    'pip install -e .',
    'pip install -r requirements.txt .',
    'pip install -r requirements.txt && python manage.py collectstatic',
    'poetry install',
    'uv sync --frozen',
    'npm ci && npm run build',
    'npm install ./packages/ui',
    'go build ./...',
    'mvn -B package',
    'gradle build',
    'composer install --no-dev --optimize-autoloader',
    'cargo build --release',
    'dotnet publish -c Release',
    'sh ./install-deps.sh',
  ]) {
    t.catchesNot(lines('FROM x', 'WORKDIR /app', 'COPY . .', `RUN ${install}`));
  }
  // The whole context bind-mounted: the RUN reads it anyway.
  t.catchesNot(lines('FROM node:22', 'WORKDIR /app', 'COPY src ./src', 'RUN --mount=type=bind,target=. npm ci'));
});

test('copy-before-install stays quiet where the copy is not the problem', () => {
  // Install before the broad copy.
  t.catchesNot(lines('FROM python:3.12', 'COPY requirements.txt .', 'RUN pip install -r requirements.txt', 'COPY . .', 'CMD ["python", "app.py"]'));
  // Other stages, other images, remote sources.
  t.catchesNot(lines('FROM node:22 AS src', 'COPY . /src', 'FROM node:22', 'COPY --from=src /src/package*.json ./', 'RUN npm ci'));
  t.catchesNot(lines('FROM node:22', 'COPY --from=deps /app/node_modules ./node_modules', 'RUN npm ci'));
  t.catchesNot(lines('FROM python:3.12', 'ADD https://example.com/tool.tar.gz /opt/', 'RUN pip install -r /opt/requirements.txt'));
  // A step between uses the copied files: it re-runs on every edit anyway.
  t.catchesNot(lines('FROM python:3.12', 'COPY scripts/ /tmp/scripts/', 'RUN bash /tmp/scripts/setup.sh', 'COPY requirements.txt .', 'RUN pip install -r requirements.txt'));
  // Heredoc copies are not from the context; registry installs read no manifest.
  t.catchesNot(lines('FROM python:3.12', 'COPY <<EOF /etc/pip.conf', '[global]', 'EOF', 'RUN pip install flask'));
  t.catchesNot(lines('FROM node:22', 'COPY . .', 'RUN npm install -g pnpm'));
});

test('copy-before-install fix: copy the manifests first, move the broad copy after the install', () => {
  t.fixes(
    lines('FROM python:3.12-slim', 'WORKDIR /app', '', '# Application code', 'COPY . .', '', 'RUN pip install --no-cache-dir -r requirements.txt', 'CMD ["python", "-m", "app"]'),
    lines('FROM python:3.12-slim', 'WORKDIR /app', '', 'COPY requirements.txt ./', '', 'RUN pip install --no-cache-dir -r requirements.txt', '# Application code', 'COPY . .', 'CMD ["python", "-m", "app"]'),
  );
  // Package installs and clean-ups elsewhere may trade places with the copy.
  t.fixes(
    lines('FROM python:3.12', 'COPY . /app', 'RUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*', 'WORKDIR /app', 'RUN pip install -r requirements.txt'),
    lines('FROM python:3.12', 'COPY requirements.txt /app/', 'RUN apt-get update && apt-get install -y gcc && rm -rf /var/lib/apt/lists/*', 'WORKDIR /app', 'RUN pip install -r requirements.txt', 'COPY . /app'),
  );
  t.fixes(
    lines('FROM node:22', 'WORKDIR /src', 'COPY --chown=node:node . .', 'ENV NODE_ENV=production', 'RUN npm ci --omit=dev', 'RUN npm run build'),
    lines('FROM node:22', 'WORKDIR /src', 'COPY --chown=node:node package*.json ./', 'ENV NODE_ENV=production', 'RUN npm ci --omit=dev', 'COPY --chown=node:node . .', 'RUN npm run build'),
  );
  // A source tree with a destination, a `cd`, and an absolute constraint file copied earlier.
  t.fixes(
    lines('FROM python:3.12', 'COPY backend /app/backend', 'COPY constraints.txt /tmp/', 'WORKDIR /app', 'RUN cd backend && pip install -r requirements.txt -c /tmp/constraints.txt'),
    lines('FROM python:3.12', 'COPY backend/requirements.txt /app/backend/', 'COPY constraints.txt /tmp/', 'WORKDIR /app', 'RUN cd backend && pip install -r requirements.txt -c /tmp/constraints.txt', 'COPY backend /app/backend'),
  );
  // Manifests named by the copy itself are the ones copied first.
  t.fixes(
    lines('FROM python:3.12', 'WORKDIR /app', 'COPY requirements.txt app.py ./', 'RUN pip install -r requirements.txt'),
    lines('FROM python:3.12', 'WORKDIR /app', 'COPY requirements.txt ./', 'RUN pip install -r requirements.txt', 'COPY app.py ./'),
  );
  // Directories a wrapper needs get their own COPY.
  t.fixes(
    lines('FROM eclipse-temurin:21', 'WORKDIR /w', 'COPY . .', 'RUN ./gradlew dependencies --no-daemon', 'RUN ./gradlew build'),
    lines('FROM eclipse-temurin:21', 'WORKDIR /w', 'COPY build.gradle* settings.gradle* gradlew ./', 'COPY gradle ./gradle/', 'RUN ./gradlew dependencies --no-daemon', 'COPY . .', 'RUN ./gradlew build'),
  );
  t.fixes(
    lines('FROM mcr.microsoft.com/dotnet/sdk:8.0', 'WORKDIR /src', 'COPY . .', 'RUN dotnet restore src/Api/Api.csproj'),
    lines('FROM mcr.microsoft.com/dotnet/sdk:8.0', 'WORKDIR /src', 'COPY src/Api/Api.csproj ./src/Api/', 'RUN dotnet restore src/Api/Api.csproj', 'COPY . .'),
  );
  assert.equal(t.catches(lines('FROM x', 'COPY . .', 'RUN npm ci'))[0].fixes[0].safe, false);
});

test('copy-before-install fix keeps CRLF, the escape character, heredocs and lowercase keywords', () => {
  t.fixes(
    'FROM golang:1.23\r\nWORKDIR /src\r\nCOPY . .\r\nRUN go mod download \\\r\n  -x\r\nRUN go build -o /app\r\n',
    'FROM golang:1.23\r\nWORKDIR /src\r\nCOPY go.mod go.sum ./\r\nRUN go mod download \\\r\n  -x\r\nCOPY . .\r\nRUN go build -o /app\r\n',
  );
  t.fixes(
    lines('# escape=`', 'FROM python:3.12', 'WORKDIR C:/app', 'COPY . .', 'RUN pip install `', '    -r requirements.txt'),
    lines('# escape=`', 'FROM python:3.12', 'WORKDIR C:/app', 'COPY requirements.txt ./', 'RUN pip install `', '    -r requirements.txt', 'COPY . .'),
  );
  t.fixes(
    lines('FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN <<EOF', 'pip install -r requirements.txt', 'EOF', 'CMD ["python"]'),
    lines('FROM python:3.12', 'WORKDIR /app', 'COPY requirements.txt ./', 'RUN <<EOF', 'pip install -r requirements.txt', 'EOF', 'COPY . .', 'CMD ["python"]'),
  );
  t.fixes(lines('from node:22', 'workdir /app', 'copy . .', 'run yarn install'), lines('from node:22', 'workdir /app', 'copy package.json yarn.lock ./', 'run yarn install', 'copy . .'));
  t.fixes('FROM node:22\nWORKDIR /app\nCOPY . .\nRUN ["npm", "ci"]', 'FROM node:22\nWORKDIR /app\nCOPY package*.json ./\nRUN ["npm", "ci"]\nCOPY . .');
});

test('copy-before-install fix only moves the copy when the manifests come from elsewhere', () => {
  t.fixes(
    lines('FROM node:22', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'COPY src ./src', 'RUN npm ci', 'RUN npm run build'),
    lines('FROM node:22', 'WORKDIR /app', 'COPY package.json package-lock.json ./', 'RUN npm ci', 'COPY src ./src', 'RUN npm run build'),
  );
  t.fixes(
    lines('FROM python:3.12', 'WORKDIR /app', 'COPY . .', 'RUN --mount=type=bind,source=requirements.txt,target=/tmp/r.txt pip install -r /tmp/r.txt', 'CMD ["python"]'),
    lines('FROM python:3.12', 'WORKDIR /app', 'RUN --mount=type=bind,source=requirements.txt,target=/tmp/r.txt pip install -r /tmp/r.txt', 'COPY . .', 'CMD ["python"]'),
  );
  const [f] = t.catches(lines('FROM node:22', 'WORKDIR /app', 'COPY package*.json ./', 'COPY src ./src', 'RUN npm ci'));
  assert.match(f.message, /Copy it after the install/);
});

test('copy-before-install offers no fix it cannot make sure of', () => {
  const noFix = (text: string) => t.catches(text).forEach((f) => assert.deepEqual(f.fixes, [], text));
  // A COPY in between may overwrite (or be overwritten by) the broad copy.
  noFix(lines('FROM node:22', 'WORKDIR /app', 'COPY . .', 'COPY --from=deps /app/node_modules ./node_modules', 'RUN npm ci'));
  // A RUN that deletes files where the copy lands would act on other files once the copy moves.
  noFix(lines('FROM node:22', 'WORKDIR /app', 'COPY . .', 'RUN rm -rf tests', 'RUN npm ci'));
  noFix(lines('FROM node:22', 'COPY . /app', 'RUN rm -rf /app/tests', 'WORKDIR /app', 'RUN npm ci'));
  // Which of two trees holds package.json?
  noFix(lines('FROM node:22', 'WORKDIR /app', 'COPY web api ./', 'RUN npm ci'));
  // Unresolvable directory, or flags the manifest copy cannot keep.
  noFix(lines('FROM node:22', 'COPY . .', 'RUN cd $APP_DIR && npm ci'));
  noFix(lines('FROM node:22', 'WORKDIR /app', 'COPY --exclude=*.md . .', 'RUN npm ci'));
  // Cargo needs a target besides the manifests.
  const [cargo] = t.catches(lines('FROM rust:1', 'WORKDIR /app', 'COPY . .', 'RUN cargo fetch'));
  assert.deepEqual(cargo.fixes, []);
  assert.match(cargo.message, /No automatic fix: Cargo also needs a build target/);
});

test('manifests knowledge: sources and commands', () => {
  for (const s of ['requirements.txt', './requirements-prod.txt', 'package*.json', 'packages/*/package.json', '*.csproj', 'src/App/App.csproj', 'go.*', 'Gemfile', 'Gemfile.lock', '.mvn/', 'gradle', 'NuGet.config', '*.json', 'pnpm-lock.yaml', 'noop.txt']) {
    assert.ok(isManifestSource(s), s);
  }
  for (const s of ['.', './', '*', 'src', 'src/', 'app.py', '*.py', 'lib/gradle', 'main.go', 'entrypoint.sh']) {
    assert.ok(!isManifestSource(s), s);
  }
  const kind = (cmd: string) => classifyCommand(parseShell(dockerLogicalText(cmd, 0, cmd.length, '\\'))[0]).kind;
  assert.equal(kind('npm --prefix web ci'), 'install');
  assert.equal(kind('npm install express'), 'reads');
  assert.equal(kind('npm install -g pnpm'), 'inert');
  assert.equal(kind('pip install flask gunicorn'), 'inert');
  assert.equal(kind('apt-get install -y curl'), 'inert');
  assert.equal(kind('make'), 'reads');
  assert.equal(kind('composer install --no-scripts'), 'reads');
});

// npm-ci-preferred (owned alongside): a lockfile copied in a stage this one is built FROM counts.
test('npm-ci-preferred sees lockfiles copied in parent stages', () => {
  const npm = ruleTester('npm-ci-preferred');
  npm.catchesAt(lines('FROM node:22 AS deps', 'WORKDIR /app', 'COPY package*.json ./', 'FROM deps AS build', 'RUN npm install'), [{ line: 4, character: 8, endCharacter: 15 }]);
  npm.catchesNot(lines('FROM node:22 AS deps', 'COPY package*.json ./', 'FROM node:22 AS build', 'RUN npm install'));
});
