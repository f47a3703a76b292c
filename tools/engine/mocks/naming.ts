import { createHash } from "crypto";

/** The parts of a resource type token `package:module/member:Name`. */
export interface TypeToken {
    pkg: string;
    /** `s3` for `aws:s3/bucket:Bucket`; `index` for top-level members. */
    module: string;
    /** `Bucket` for `aws:s3/bucket:Bucket`. */
    member: string;
}

/** Splits a type token; tokens without a module (`pulumi:pulumi:Stack`) get module `index`. */
export function parseToken(token: string): TypeToken {
    const [pkg = "", mod = "", member = ""] = token.split(":");
    return { pkg, module: mod.split("/")[0] || "index", member };
}

/** Stable hex digest of the given parts: the same resource always gets the same generated values. */
export function digest(...parts: string[]): string {
    return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/** `TargetGroup` → `target-group`. */
export function kebab(s: string): string {
    return s.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
}

/**
 * Inputs that carry a resource's physical name, in the order AWS resources use them.
 * The first one present wins; `family` is a task definition's name.
 */
const PHYSICAL_NAME_KEYS = [
    "name", "bucket", "identifier", "clusterIdentifier", "replicationGroupId", "clusterId",
    "functionName", "roleName", "family",
];

/** Types whose `family` input is their name; elsewhere (a parameter group's engine family) it is not. */
const FAMILY_NAMED = new Set(["aws:ecs/taskDefinition:TaskDefinition"]);

/** The physical name given in the inputs, if any. */
export function physicalName(inputs: Record<string, unknown>, type = ""): { key: string; value: string } | undefined {
    for (const key of PHYSICAL_NAME_KEYS) {
        if (key === "family" && !FAMILY_NAMED.has(type)) {
            continue;
        }
        const value = inputs[key];
        if (typeof value === "string" && value !== "") {
            return { key, value };
        }
    }
    return undefined;
}

/**
 * The name Pulumi's auto-naming would pick: the logical name (or `namePrefix`) plus a random
 * suffix, here derived from the seed so it is the same on every run.
 */
export function autoName(logicalName: string, inputs: Record<string, unknown>, seed: string): string {
    const prefix = typeof inputs.namePrefix === "string" ? inputs.namePrefix : `${logicalName}-`;
    return `${prefix}${digest(seed).slice(0, 7)}`;
}
