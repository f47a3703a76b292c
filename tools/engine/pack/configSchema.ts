import Ajv, { ErrorObject, ValidateFunction } from "ajv";

/**
 * Policy configuration checked against each policy's JSON schema, as the Pulumi CLI does
 * before it configures a pack (gojsonschema over `{type: object, properties, required}`), with
 * ajv: types, enums, minimum/maximum, items, patterns and the `regex` format that list-of-pattern
 * properties declare. One addition: a property the schema does not declare is refused
 * (`additionalProperties: false`), because a misspelt threshold would otherwise leave the
 * default in force without a word.
 */

/** A policy's config schema as GetAnalyzerInfo describes it. */
export interface PolicyConfigSchema {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
}

/** The `regex` format, as JSON Schema defines it; the pack compiles patterns with JavaScript's RegExp. */
function isRegex(text: string): boolean {
    try {
        new RegExp(text);
        return true;
    } catch {
        return false;
    }
}

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat("regex", isRegex);
const compiled = new Map<string, ValidateFunction>();

function validatorFor(schema: PolicyConfigSchema): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = compiled.get(key);
    if (!validate) {
        validate = ajv.compile({
            type: "object",
            properties: schema.properties ?? {},
            required: schema.required ?? [],
            additionalProperties: false,
        });
        compiled.set(key, validate);
    }
    return validate;
}

function show(value: unknown): string {
    return value === undefined ? "nothing" : JSON.stringify(value);
}

function valueAt(root: unknown, pointer: string): unknown {
    return pointer.split("/").slice(1).reduce<unknown>((v, p) => (v !== null && typeof v === "object" ? (v as any)[p] : undefined), root);
}

/** What an ajv error allows, in words an operator can act on. */
function allowed(e: ErrorObject, schema: PolicyConfigSchema): string {
    const p = e.params as Record<string, any>;
    switch (e.keyword) {
        case "type": return `a value of type ${p.type}`;
        case "enum": return `one of ${(p.allowedValues as unknown[]).map(show).join(", ")}`;
        case "minimum": return `a number >= ${p.limit}`;
        case "exclusiveMinimum": return `a number > ${p.limit}`;
        case "maximum": return `a number <= ${p.limit}`;
        case "exclusiveMaximum": return `a number < ${p.limit}`;
        case "minItems": return `at least ${p.limit} items`;
        case "maxItems": return `at most ${p.limit} items`;
        case "minLength": return `at least ${p.limit} characters`;
        case "maxLength": return `at most ${p.limit} characters`;
        case "pattern": return `text matching ${p.pattern}`;
        case "format": return p.format === "regex" ? "a valid regular expression" : `text in the ${p.format} format`;
        case "uniqueItems": return "items without repeats";
        case "additionalProperties": return `the policy's properties: ${Object.keys(schema.properties ?? {}).join(", ") || "none"}`;
        default: return e.message ?? e.keyword;
    }
}

/**
 * Problems of one policy's resolved properties, one line each, as
 * `<policy>.<property>: got <value>; allowed: <what>`. Empty when valid.
 */
export function policyConfigProblems(policy: string, properties: Record<string, unknown>, schema: PolicyConfigSchema | undefined): string[] {
    const validate = validatorFor(schema ?? {});
    if (validate(properties)) return [];
    return (validate.errors ?? []).map((e) => {
        const p = e.params as Record<string, any>;
        if (e.keyword === "additionalProperties") {
            return `${policy}.${p.additionalProperty}: unknown property; allowed: ${allowed(e, schema ?? {})}`;
        }
        if (e.keyword === "required") {
            return `${policy}.${p.missingProperty}: got nothing (required by the policy's config schema)`;
        }
        const path = e.instancePath.split("/").slice(1).map((s) => (/^\d+$/.test(s) ? `[${s}]` : `.${s}`)).join("");
        return `${policy}${path}: got ${show(valueAt(properties, e.instancePath))}; allowed: ${allowed(e, schema ?? {})}`;
    });
}
