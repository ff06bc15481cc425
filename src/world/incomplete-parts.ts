/**
 * The world's optional `incomplete` list: the parts of the estate `keyproof collect` could not read, each
 * `{ account, region?, service, operation, resource?, error }`. They are kept on the World so that answers which
 * depend on them say `complete: false` and name them (src/questions/incomplete-parts.ts).
 */
import { readAccountId } from './identifiers.js';
import type { IncompletePart } from './model.js';
import { checkFields, optionalItems, readNonEmptyString, readObject, readString, requireField } from '../input/read-value.js';
import type { Where } from '../input/where.js';

const PART_FIELDS = ['account', 'region', 'service', 'operation', 'resource', 'error'];
const WHAT = 'an incomplete part ({ account, region?, service, operation, resource?, error })';

export function readIncompleteParts(value: unknown, where: Where): IncompletePart[] {
  return optionalItems(value, where, 'a list of incomplete parts').map(([item, itemWhere]) => {
    const object = readObject(item, itemWhere, WHAT);
    checkFields(object, itemWhere, 'an incomplete part', PART_FIELDS);
    const part: IncompletePart = {
      account: readAccountId(requireField(object, 'account', itemWhere, WHAT), itemWhere.at('account')),
      service: readNonEmptyString(requireField(object, 'service', itemWhere, WHAT), itemWhere.at('service'), 'the AWS service (e.g. kms)'),
      operation: readNonEmptyString(requireField(object, 'operation', itemWhere, WHAT), itemWhere.at('operation'), 'the API operation (e.g. ListKeys)'),
      error: readString(requireField(object, 'error', itemWhere, WHAT), itemWhere.at('error'), 'the error returned'),
      location: itemWhere.location(),
    };
    if (object.region !== undefined) part.region = readNonEmptyString(object.region, itemWhere.at('region'), 'a region (e.g. us-east-1)');
    if (object.resource !== undefined) part.resource = readNonEmptyString(object.resource, itemWhere.at('resource'), 'the resource ARN');
    return part;
  });
}
