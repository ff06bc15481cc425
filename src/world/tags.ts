/**
 * Tags, accepted in the three shapes users have at hand: a map `{ team: blue }`, the IAM list `[{Key, Value}]`
 * (get-account-authorization-details) and the KMS list `[{TagKey, TagValue}]` (list-resource-tags).
 */
import { checkFields, readObject, readString, readStringMap, setOwn } from '../input/read-value.js';
import type { Where } from '../input/where.js';

export function readTags(value: unknown, where: Where): Record<string, string> {
  if (value === undefined) return {};
  if (!Array.isArray(value)) return readStringMap(value, where, 'tags (a map of tag key to value)');
  const tags: Record<string, string> = {};
  value.forEach((item, i) => {
    const itemWhere = where.at(i);
    const tag = readObject(item, itemWhere, 'a tag ({Key, Value} or {TagKey, TagValue})');
    const [keyField, valueField] = 'TagKey' in tag ? ['TagKey', 'TagValue'] : ['Key', 'Value'];
    checkFields(tag, itemWhere, 'a tag', [keyField, valueField]);
    const key = readString(tag[keyField], itemWhere.at(keyField), 'a tag key');
    if (Object.hasOwn(tags, key)) throw itemWhere.at(keyField).error(`duplicate tag key "${key}"`);
    setOwn(tags, key, readString(tag[valueField], itemWhere.at(valueField), `the value of tag "${key}"`));
  });
  return tags;
}
