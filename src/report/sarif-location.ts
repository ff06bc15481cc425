/** A SARIF 2.1.0 location of a place in keyproof's input (a world file, a plan, a template): what every SARIF log uses. */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location } from 'sarif';
import type { SourceLocation } from '../errors.js';

/** The file as a URI reference relative to `cwd`, with forward slashes; a `file:` URI when no relative path exists. */
export function artifactUri(file: string, cwd: string): string {
  const path = relative(cwd, resolve(cwd, file));
  if (isAbsolute(path)) return pathToFileURL(path).href;
  return path.split(sep).map(encodeURIComponent).join('/');
}

/** line:column when known; the JSON pointer as a logical location (a plan's pointer is all a plan has). */
export function sarifLocation(at: SourceLocation, cwd: string): Location {
  const location: Location = {
    physicalLocation: {
      artifactLocation: { uri: artifactUri(at.file, cwd) },
      ...(at.line !== undefined && { region: { startLine: at.line, ...(at.column !== undefined && { startColumn: at.column }) } }),
    },
  };
  if (at.pointer !== '') location.logicalLocations = [{ fullyQualifiedName: at.pointer, kind: 'object' }];
  return location;
}
