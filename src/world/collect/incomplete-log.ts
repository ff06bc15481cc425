/**
 * The parts of the estate that could not be read. A failed call (AccessDenied, an opt-in region that is not
 * enabled, throttling beyond the retries) is recorded with its account, region, service, operation and the error
 * AWS returned, and the collection goes on: the world says what it lacks (its `incomplete` list) instead of
 * silently lacking it. Only the error's code and message are kept: never a request, a header or a credential.
 */
import type { IncompletePart } from '../model.js';

/** A world's incomplete part as the collector records it: before it has a place in a loaded file. */
export type CollectedIncompletePart = Omit<IncompletePart, 'location'>;

export type PartOf = Omit<CollectedIncompletePart, 'error'>;

export class IncompleteLog {
  readonly parts: CollectedIncompletePart[] = [];

  /** Runs `call`; on failure records `part` with the error and returns undefined. */
  async attempt<T>(part: PartOf, call: () => Promise<T>): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      this.record(part, error);
      return undefined;
    }
  }

  record(part: PartOf, error: unknown): void {
    this.parts.push({ ...part, error: errorText(error) });
  }

  /** In a stable order, so that two collections of the same estate write the same list. */
  sorted(): CollectedIncompletePart[] {
    const keyOf = (p: CollectedIncompletePart) => [p.account, p.region ?? '', p.service, p.operation, p.resource ?? ''].join('\u0000');
    return [...this.parts].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  }
}

/** `Code: message`, as AWS names the error (the SDK sets `name` to the error code). */
export function errorText(error: unknown): string {
  if (error instanceof Error) {
    const message = error.message.split('\n')[0]!.trim();
    return message === '' || message === error.name ? error.name : `${error.name}: ${message}`;
  }
  return String(error);
}

/** The error's code as AWS names it (`AccessDeniedException`, `AWSOrganizationsNotInUseException`...). */
export function errorCode(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
