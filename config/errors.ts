import { RunError } from "@pulumi/pulumi/errors";
import type { z } from "zod";

/**
 * Thrown when stack config is invalid; its message is one line per problem, each naming the
 * key, the value given and what is allowed. A RunError, so `pulumi up` prints the message
 * alone, without the program's stack trace.
 */
export class ConfigError extends RunError {
    constructor(public readonly problems: string[]) {
        super(problems.join("\n"));
        this.name = "ConfigError";
    }
}

/** `expertconnect:database.backupRetentionDays`, `expertconnect:monitoring.alarmEmails[0]`. */
export function keyPath(namespace: string, path: readonly PropertyKey[]): string {
    const [section, ...rest] = path;
    return rest.reduce<string>(
        // A name that would not read back as one path segment (empty, or with a dot) is quoted.
        (acc, p) => (typeof p === "number" ? `${acc}[${p}]` : /^$|[.[\]]/.test(String(p)) ? `${acc}[${JSON.stringify(String(p))}]` : `${acc}.${String(p)}`),
        `${namespace}:${String(section)}`,
    );
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
    return path.reduce<unknown>((v, p) => (v !== null && typeof v === "object" ? (v as any)[p as any] : undefined), root);
}

function show(value: unknown): string {
    return value === undefined ? "nothing (the key is required)" : JSON.stringify(value);
}

/** What a zod issue allows, in words an operator can act on. */
function allowed(issue: z.core.$ZodIssue): string {
    switch (issue.code) {
        case "invalid_type":
            // A field-specific message (set with `error:`) says more than the bare type.
            return issue.message.startsWith("Invalid input") ? `${/^[aeiou]/.test(issue.expected) ? "an" : "a"} ${issue.expected}` : issue.message;
        case "too_small":
            return issue.origin === "array"
                ? `at least ${issue.minimum} items`
                : `a ${issue.origin} ${issue.inclusive ? ">=" : ">"} ${issue.minimum}`;
        case "too_big":
            return issue.origin === "array"
                ? `at most ${issue.maximum} items`
                : `a ${issue.origin} ${issue.inclusive ? "<=" : "<"} ${issue.maximum}`;
        case "invalid_value":
            return `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
        case "invalid_union":
            return issue.errors
                .flatMap((branch) => branch.map((i) => (i.code === "invalid_value" ? i.values : [])))
                .flat()
                .map((v) => JSON.stringify(v))
                .join(" or ") || issue.message;
        default:
            return issue.message;
    }
}

/** One line for a zod issue: key path, value given, what is allowed. */
export function describeIssue(namespace: string, raw: unknown, issue: z.core.$ZodIssue): string {
    return `${keyPath(namespace, issue.path)}: got ${show(valueAt(raw, issue.path))}; allowed: ${allowed(issue)}`;
}
