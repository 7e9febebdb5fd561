// Reads infra/template.yaml the way CloudFormation does: its short intrinsic tags (!Ref, !Sub,
// !GetAtt…) become the long forms ({"Ref": …}, {"Fn::Sub": …}) so that tests can inspect them.
import { readFileSync } from "node:fs";
import { parse, type Tags } from "yaml";

const FUNCTIONS = [
  "And",
  "Base64",
  "Cidr",
  "Equals",
  "FindInMap",
  "GetAZs",
  "If",
  "ImportValue",
  "Join",
  "Not",
  "Or",
  "Select",
  "Split",
  "Sub",
  "Transform",
] as const;

function getAtt(value: unknown): unknown {
  return { "Fn::GetAtt": typeof value === "string" ? value.split(".") : value };
}

export const SAM_TAGS: Tags = [
  { tag: "!Ref", resolve: (value: string) => ({ Ref: value }) },
  { tag: "!Condition", resolve: (value: string) => ({ Condition: value }) },
  { tag: "!GetAtt", resolve: (value: string) => getAtt(value) },
  { tag: "!GetAtt", collection: "seq", resolve: (value) => getAtt(value.toJSON()) },
  ...FUNCTIONS.flatMap((name) => [
    { tag: `!${name}`, resolve: (value: string) => ({ [`Fn::${name}`]: value }) },
    {
      tag: `!${name}`,
      collection: "seq" as const,
      resolve: (value: { toJSON(): unknown }) => ({ [`Fn::${name}`]: value.toJSON() }),
    },
    {
      tag: `!${name}`,
      collection: "map" as const,
      resolve: (value: { toJSON(): unknown }) => ({ [`Fn::${name}`]: value.toJSON() }),
    },
  ]),
];

export interface SamTemplate {
  Transform?: string;
  Parameters: Record<string, Record<string, unknown>>;
  Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  Outputs: Record<string, { Value: unknown; Description?: string }>;
}

export function readSamTemplate(): SamTemplate {
  const text = readFileSync(new URL("../../infra/template.yaml", import.meta.url), "utf8");
  return parse(text, { customTags: SAM_TAGS }) as SamTemplate;
}
