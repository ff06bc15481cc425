/**
 * A construct the symbolic encoding cannot express yet. Questions that meet one answer UNKNOWN (or report an
 * incomplete result) and say which construct it was, rather than guessing.
 */
export class Unsupported extends Error {
  override readonly name = 'Unsupported';
}
