/** files.exclude as the server applies it to the workspace walk. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { excludedBy } from '../../../server/workspaceModel';
import { WorkspaceIndex } from '../../../rules/workspace/index';
import { memoryDisk } from '../../helpers/memoryDisk';

test('globs marked true exclude paths relative to their folder; false ones do not', () => {
  const excluded = excludedBy({ '**/dist': true, 'vendor/**': true, '**/*.tmp': false }, ['/repo'])!;
  assert.equal(excluded('/repo/a/dist'), true);
  assert.equal(excluded('/repo/vendor/x/Dockerfile'), true);
  assert.equal(excluded('/repo/a/b.tmp'), false);
  assert.equal(excluded('/elsewhere/dist'), false);
  assert.equal(excludedBy({ '**/x': false }, ['/repo']), undefined);
});

test('the walk does not enter excluded folders', () => {
  const disk = memoryDisk({ '/repo/app/Dockerfile': 'FROM scratch\n', '/repo/vendor/lib/Dockerfile': 'FROM scratch\n' });
  const ws = new WorkspaceIndex(disk, ['/repo'], { isExcluded: excludedBy({ vendor: true }, ['/repo']) }).scan();
  assert.deepEqual(ws.files('dockerfile'), ['/repo/app/Dockerfile']);
});
