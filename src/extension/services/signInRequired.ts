// The failure that signing in (and choosing a project) fixes. Panels offer Sign In for it by its name, not by the
// words of its message, which are in the user's language.

export class SignInRequired extends Error {
  override readonly name = 'SignInRequired';
}

/** By shape, not `instanceof`: bundles loaded on first use have their own copy of this class. */
export function isSignInRequired(error: unknown): boolean {
  return error instanceof Error && error.name === 'SignInRequired';
}
