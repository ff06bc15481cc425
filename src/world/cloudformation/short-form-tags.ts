/**
 * CloudFormation's short-form intrinsic functions in YAML (`!Ref X`, `!GetAtt A.Arn`, `!Join [',', [...]]`): each
 * tag is read as the long form (`{ "Ref": "X" }`), so the rest of the reader sees one shape. AWS CloudFormation User
 * Guide, "Intrinsic function reference": each function's YAML short form; `!GetAtt` takes `Resource.Attribute`.
 */
import type { Tags } from 'yaml';

/** Long names of the functions that have a short form; `Ref` and `Condition` are not prefixed with `Fn::`. */
const FUNCTIONS = [
  'Ref', 'Condition', 'Base64', 'Cidr', 'FindInMap', 'GetAtt', 'GetAZs', 'ImportValue', 'Join', 'Select', 'Split',
  'Sub', 'Transform', 'And', 'Equals', 'If', 'Not', 'Or', 'Length', 'ToJsonString',
];

function longName(name: string): string {
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/** `!GetAtt Resource.Attribute` (the attribute may itself hold dots, e.g. `Endpoint.Address`). */
function scalarValue(name: string, text: string): unknown {
  if (name !== 'GetAtt') return text;
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

/** Every short form, as a scalar, a sequence and a mapping (`!Sub` takes a string or a list, `!Base64` anything). */
export const SHORT_FORM_TAGS: Tags = FUNCTIONS.flatMap((name) => {
  const tag = `!${name}`;
  const wrap = (value: unknown) => ({ [longName(name)]: value });
  return [
    { tag, resolve: (text: string) => wrap(scalarValue(name, text)) },
    { tag, collection: 'seq' as const, resolve: (seq: { toJSON(): unknown }) => wrap(seq.toJSON()) },
    { tag, collection: 'map' as const, resolve: (map: { toJSON(): unknown }) => wrap(map.toJSON()) },
  ];
});
