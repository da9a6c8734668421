/** A workspace for rule tests: the same texts as a FileView and as a scanned WorkspaceIndex. */
import { WorkspaceIndex } from '../../rules/workspace/index';
import { BUILD_EXTRACTORS } from '../../rules/workspace/extractors';
import { memoryDisk } from './memoryDisk';
import { memoryFiles, type TesterOptions } from './ruleTester';

export function inWorkspace(files: Record<string, string>, path: string, roots = ['/repo']): TesterOptions {
  const workspace = new WorkspaceIndex(memoryDisk(files), roots, { extractors: BUILD_EXTRACTORS }).scan();
  return { path, files: memoryFiles(files), workspace };
}
