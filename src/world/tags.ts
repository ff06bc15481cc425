/**
 * Tags, accepted in the shapes users have at hand: a map `{ team: blue }`, the IAM list `[{Key, Value}]`
 * (get-account-authorization-details), the KMS list `[{TagKey, TagValue}]`, and the whole output of
 * `aws kms list-resource-tags` (`{"Tags": [...], "Truncated": false}`), possibly through a `$file` reference.
 */
import { followFileRefs } from '../input/file-refs.js';
import { checkFields, isPlainObject, readObject, readString, readStringMap, setOwn } from '../input/read-value.js';
import type { Where } from '../input/where.js';

const LIST_RESOURCE_TAGS_FIELDS = ['Tags', 'Truncated', 'NextMarker'];

export function readTags(raw: unknown, rawWhere: Where): Record<string, string> {
  if (raw === undefined) return {};
  let { value, where } = followFileRefs(raw, rawWhere);
  if (isPlainObject(value) && Array.isArray(value.Tags)) {
    checkFields(value, where, 'list-resource-tags output', LIST_RESOURCE_TAGS_FIELDS, 'lenient');
    if (value.Truncated === true) {
      throw where.at('Truncated').error('the list-resource-tags output is truncated (Truncated is true): list every tag of the key');
    }
    where = where.at('Tags');
    value = value.Tags;
  }
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
