// Which resources the sync decorations are asked about at all: a file of its own, so activation
// (src/extension/main.ts) filters with it without loading the decorations.
import { FUNCTIONS_DIR } from '../../core/functions/layout';
import { Scheme } from '../services/constants';

/**
 * Whether a resource may carry a sync badge: a hog function's tree row, or a file or folder under a functions
 * folder. VS Code asks the decoration provider about every file it shows; the rest are turned away with this.
 */
export function mayHaveSyncBadge(uri: { scheme: string; path: string }): boolean {
  return uri.scheme === Scheme.functionResource || uri.path.includes(`/${FUNCTIONS_DIR}/`);
}
