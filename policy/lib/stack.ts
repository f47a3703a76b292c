import type { PolicyResource } from "@pulumi/policy";

/**
 * The policy SDK's UnknownValueError class, loaded on first need: the pure readers here also serve
 * the offline engine's path report over exports (nothing unknown there), which then need not load
 * the SDK and its own copy of @pulumi/pulumi. Inside the pack the SDK is already loaded.
 */
function isUnknownValueError(e: unknown): boolean {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { UnknownValueError } = require("@pulumi/policy") as typeof import("@pulumi/policy");
    return e instanceof UnknownValueError;
}

/**
 * Reads a value that may be unknown during preview. Unknown means "can't judge yet": the caller
 * gets `ifUnknown` (default undefined) instead of the whole stack policy being abandoned by the server.
 */
export function known<T, U = undefined>(read: () => T, ifUnknown?: U): T | U {
    try {
        return read();
    } catch (e) {
        if (isUnknownValueError(e)) {
            return ifUnknown as U;
        }
        throw e;
    }
}

/**
 * Like `known`, for objects and lists: the value is copied out of the unknown-checking proxy, so
 * an unknown anywhere inside makes the whole value unknown here rather than throwing later.
 */
export function knownDeep<T, U = undefined>(read: () => T, ifUnknown?: U): T | U {
    return known(() => {
        const value = read();
        return value === undefined ? value : JSON.parse(JSON.stringify(value)) as T;
    }, ifUnknown);
}

/** Whether a property's value is unknown (during preview): a check that needs it waits for the deployed state. */
export function isUnknown(resource: PolicyResource, property: string): boolean {
    return known(() => { void resource.props[property]; return false; }, true);
}

/**
 * Packages whose resources a provider manages (cloud objects, local commands, generated values,
 * other stacks' outputs). Every other type is a component (the program's own, a library's such as
 * awsx's, and the stack itself): it holds nothing, its outputs repeat its children's.
 */
const PROVIDER_PACKAGES = new Set(["aws", "command", "random", "tls"]);

/**
 * Whether the resource is one a provider manages. Only those say what the stack holds: a
 * component's `arn` output still names a bucket whose resource a change removed.
 */
export function isManaged(r: { type: string }): boolean {
    const [pkg, module] = r.type.split(":");
    return PROVIDER_PACKAGES.has(pkg) || (pkg === "pulumi" && module !== "pulumi") || r.type === "pulumi:pulumi:StackReference";
}

/** The resources whose type is one of `types`. */
export function ofType(resources: PolicyResource[], types: readonly string[]): PolicyResource[] {
    return resources.filter(r => types.includes(r.type));
}

/** A known string output, or undefined. */
export function knownString(resource: PolicyResource, property: string): string | undefined {
    const value = known(() => resource.props[property]);
    return typeof value === "string" ? value : undefined;
}

/** How a target is recognised by value: an output property name, or a function of the target. */
export type TargetKey = string | ((target: PolicyResource) => string | undefined);

/**
 * Resolves references from sources to `targets`. Property dependencies are exact and survive
 * preview (when ids and ARNs are still unknown); value equality with the targets' `keys` covers
 * exports that carry no property dependencies. The value index is built once, so linking many
 * sources stays linear in the stack's size.
 */
export function linker(targets: PolicyResource[], keys: readonly TargetKey[]): (source: PolicyResource, property: string) => PolicyResource[] {
    const members = new Set(targets);
    const byValue = new Map<string, PolicyResource[]>();
    for (const t of targets) {
        for (const k of keys) {
            const key = typeof k === "string" ? knownString(t, k) : k(t);
            if (key !== undefined) {
                byValue.set(key, [...(byValue.get(key) ?? []), t]);
            }
        }
    }
    return (source, property) => {
        const viaDependencies = (source.propertyDependencies[property] ?? []).filter(d => members.has(d));
        if (viaDependencies.length > 0) {
            return viaDependencies;
        }
        const raw = knownDeep(() => source.props[property]);
        const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string");
        return [...new Set(values.flatMap(v => byValue.get(v) ?? []))];
    };
}

/** An EC2 resource's physical id: its `id` output, else the tail of its ARN (`…:vpc/vpc-0abc`). */
export function ec2Id(resource: PolicyResource): string | undefined {
    const arn = knownString(resource, "arn");
    return knownString(resource, "id") ?? (arn?.startsWith("arn:aws:ec2:") ? arn.split("/").pop() : undefined);
}

/** Resource types whose ids a network condition (`aws:SourceVpc`, `aws:SourceVpce`) names. */
const NETWORK_TYPES = ["aws:ec2/vpc:Vpc", "aws:ec2/defaultVpc:DefaultVpc", "aws:ec2/vpcEndpoint:VpcEndpoint"];

/** The ids of the stack's VPCs and VPC endpoints: the only networks a condition can confine requesters to. */
export function stackNetworkIds(resources: PolicyResource[]): string[] {
    return ofType(resources, NETWORK_TYPES).map(ec2Id).filter((id): id is string => id !== undefined);
}

const UNKNOWN_VALUE = Symbol("unknown");

/**
 * Like `linker`, but what AWS receives decides: a known value links to the targets it names, and
 * a dependency counts only while its target's key is still unknown (a resource being created).
 * A value edited beside a stale dependency (a hand-edited program, drift in the deployed state)
 * then links to what AWS really joins, not to what the dependency once named.
 */
export function valueLinker(targets: PolicyResource[], keys: readonly TargetKey[]): (source: PolicyResource, property: string) => PolicyResource[] {
    const members = new Set(targets);
    const keyed = new Set<PolicyResource>();
    const byValue = new Map<string, PolicyResource[]>();
    for (const t of targets) {
        for (const k of keys) {
            const key = typeof k === "string" ? knownString(t, k) : k(t);
            if (key !== undefined) {
                keyed.add(t);
                byValue.set(key, [...(byValue.get(key) ?? []), t]);
            }
        }
    }
    return (source, property) => {
        const viaDependencies = (source.propertyDependencies[property] ?? []).filter(d => members.has(d));
        const raw = knownDeep(() => source.props[property], UNKNOWN_VALUE);
        if (raw === UNKNOWN_VALUE) {
            return viaDependencies;
        }
        const values = (Array.isArray(raw) ? raw : [raw]).filter((v): v is string => typeof v === "string");
        return [...new Set([...values.flatMap(v => byValue.get(v) ?? []), ...viaDependencies.filter(d => !keyed.has(d))])];
    };
}

/** The targets that `source.<property>` refers to (see `linker`; for a single source). */
export function referencedBy(source: PolicyResource, property: string, targets: PolicyResource[], keys: readonly TargetKey[]): PolicyResource[] {
    return linker(targets, keys)(source, property);
}

/** The region in an ARN (`arn:aws:rds:us-east-1:…`), or undefined when absent or global. */
export function regionOfArn(arn: string | undefined): string | undefined {
    const region = arn?.split(":")[3];
    return region ? region : undefined;
}

/** Where a resource lives: its v7 per-resource `region`, its ARN, or its provider's region. */
export function regionOf(resource: PolicyResource): string | undefined {
    return knownString(resource, "region")
        ?? regionOfArn(knownString(resource, "arn"))
        ?? known(() => resource.provider?.props.region as string | undefined);
}

/** The stack's own region: that of its default AWS provider (the stack's `aws:region`), when known. */
export function stackRegion(resources: PolicyResource[]): string | undefined {
    const provider = resources.find(r => r.type === "pulumi:providers:aws" && r.name.startsWith("default"));
    return provider ? knownString(provider, "region") : undefined;
}

/** The resources in `region`, counting those whose region is unknown (or all when `region` is). */
export function inRegion(resources: PolicyResource[], region: string | undefined): PolicyResource[] {
    return resources.filter(r => {
        const own = regionOf(r);
        return region === undefined || own === undefined || own === region;
    });
}

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/**
 * The stack references that read another stack. A reference to the stack itself (dr reads its
 * own last deployment) holds what this stack exported before: it gives nothing another stack
 * holds. The stack and project come from the URNs (`urn:pulumi:<stack>::<project>::…`); a
 * reference names `<org>/<project>/<stack>`, `<org>/<stack>` or `<stack>`.
 */
export function otherStackReferences(resources: PolicyResource[]): PolicyResource[] {
    const self = /^urn:pulumi:([^:]+)::([^:]+)::/.exec(resources[0]?.urn ?? "");
    return ofType(resources, [STACK_REFERENCE]).filter(reference => {
        const parts = (knownString(reference, "name") ?? "").split("/");
        return !(self && parts[parts.length - 1] === self[1] && (parts.length < 3 || parts[parts.length - 2] === self[2]));
    });
}

/** A Lambda function's name from its ARN (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`), or the name itself. */
export function lambdaFunctionName(arnOrName: string): string {
    const parts = arnOrName.split(":");
    return parts.length >= 7 && parts[5] === "function" ? parts[6] : arnOrName;
}
