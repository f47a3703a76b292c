/**
 * Where the application is pointed. The containers and functions find their database, cache,
 * buckets, queues and providers through configuration values: SSM parameters (which task
 * definitions' `secrets` name), container and Lambda environment values, and the connection
 * settings a secret's JSON states. A value that names a host, URL, ARN or bucket must lead to the
 * stack (one of its resources, its own domains), to an endpoint AWS runs in the stack's region,
 * or to an external service the configuration lists: anything else sends the application's
 * credentials and data to whoever answers there. A value the program derives from a resource's
 * output (the database's address and port, the cache's endpoint, a bucket's name) must also hold
 * that output in the deployed state: one changed outside Pulumi connects the application
 * elsewhere, or nowhere, while the program still looks right.
 */
import { PolicyResource } from "@pulumi/policy";

import { containerName, containersOf } from "../lib/containers";
import { parseArn } from "../lib/iam/arn";
import { known, knownDeep, knownString } from "../lib/stack";
import { awsServiceHost, inDomain } from "../sns/endpoints";
import { canonicalHost } from "./dnsTargets";

const PARAMETER = "aws:ssm/parameter:Parameter";
const TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition";
const FUNCTION = "aws:lambda/function:Function";
const SECRET_VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const RECORD = "aws:route53/record:Record";
const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/**
 * The properties that carry the application's settings, and a record's targets: their values are
 * what is judged, so they never count as what the stack holds (a drifted parameter would vouch
 * for itself).
 */
const SETTING_PROPERTIES: Readonly<Record<string, readonly string[]>> = {
    [PARAMETER]: ["value", "insecureValue"],
    [TASK_DEFINITION]: ["containerDefinitions"],
    [FUNCTION]: ["environment"],
    [SECRET_VERSION]: ["secretString"],
    [RECORD]: ["records", "aliases"],
};

/** One configuration value the application reads. */
export interface Setting {
    resource: PolicyResource;
    /** Where it is set, for messages: `/expertconnect/prod/database/host`, `containerDefinitions[backend].environment.API_URL`. */
    where: string;
    /** The names it is known by (parameter path, variable, JSON key): they say what kind of value it is. */
    names: string[];
    value: string;
    /** Whether the value must not be quoted (a SecureString, a secret's text). */
    secret: boolean;
}

/** Every known configuration value of the stack's parameters, containers, functions and secret versions. */
export function settingsOf(resources: PolicyResource[]): Setting[] {
    const out: Setting[] = [];
    for (const r of resources) {
        if (r.type === PARAMETER) {
            const value = knownString(r, "value") ?? knownString(r, "insecureValue");
            const name = knownString(r, "name") ?? r.name;
            if (value !== undefined) {
                out.push({ resource: r, where: `parameter ${name}`, names: [name], value, secret: knownString(r, "type") === "SecureString" });
            }
        } else if (r.type === TASK_DEFINITION) {
            (containersOf(knownDeep(() => r.props.containerDefinitions)) ?? []).forEach((c, i) => {
                for (const e of c.environment ?? []) {
                    if (typeof e.name === "string" && typeof e.value === "string") {
                        out.push({ resource: r, where: `containerDefinitions[${containerName(c, i)}].environment.${e.name}`, names: [e.name], value: e.value, secret: false });
                    }
                }
            });
        } else if (r.type === FUNCTION) {
            const variables = knownDeep(() => r.props.environment?.variables) as Record<string, unknown> | undefined;
            for (const [name, value] of Object.entries(variables ?? {})) {
                if (typeof value === "string") {
                    out.push({ resource: r, where: `environment.variables.${name}`, names: [name], value, secret: false });
                }
            }
        } else if (r.type === SECRET_VERSION) {
            out.push(...secretSettings(r));
        }
    }
    return out;
}

/** The string fields of a secret version's JSON text (a connection secret's host, port, dbname). */
function secretSettings(r: PolicyResource): Setting[] {
    const text = knownString(r, "secretString");
    let parsed: unknown;
    try {
        parsed = text === undefined ? undefined : JSON.parse(text);
    } catch {
        return []; // a plain-text secret states no connection settings
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
        return [];
    }
    return Object.entries(parsed).filter((e): e is [string, string] => typeof e[1] === "string")
        .map(([key, value]) => ({ resource: r, where: `secretString's ${key}`, names: [key], value, secret: true }));
}

/** The upper-case words of a setting's names (`/expertconnect/prod/database/host` → DATABASE, HOST; `apiBaseUrl` → API, BASE, URL). */
const wordsOf = (names: string[]): string[] =>
    names.flatMap((n) => n.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase().split(/[^A-Z0-9]+/)).filter((w) => w !== "");

/** Words that say a value is where to connect (`DATABASE_HOST`, `API_URL`, `SMTP_SERVER`, `BROKERS`). */
const HOST_WORDS = new Set(["HOST", "HOSTS", "HOSTNAME", "ENDPOINT", "ENDPOINTS", "URL", "URLS", "URI", "DOMAIN", "ADDRESS", "ADDR", "SERVER", "SERVERS", "FQDN", "DSN", "BROKER", "BROKERS"]);

/** A host, possibly with a port: `db.example.com`, `db.example.com:5432`, `10.0.1.5`. */
const HOST_PORT = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)(?::\d{1,5})?$/i;

/** What a setting points at. */
export type Target = { kind: "host"; host: string } | { kind: "arn"; arn: string } | { kind: "bucket"; bucket: string };

/**
 * What a value points at, judged by its form and by its names: an ARN, a URL's host (an `s3://`
 * URL's bucket), a host (or comma-separated hosts) under a name that says host, endpoint, URL,
 * address or server, any host under amazonaws.com, and a bucket under a name that says bucket.
 * Other values (a log level, a path, a query) point nowhere.
 */
export function targetsOf(names: string[], value: string): Target[] {
    // A list (`https://a.example,https://b.example`, space-separated hosts) names each of its items.
    const items = value.split(/[,\s]+/).filter((i) => i !== "");
    return items.length > 1 ? items.flatMap((i) => targetsOf(names, i)) : itemTargets(names, value.trim());
}

function itemTargets(names: string[], v: string): Target[] {
    if (parseArn(v)) {
        return [{ kind: "arn", arn: v }];
    }
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(v);
    if (scheme) {
        const host = urlHost(v);
        if (host === undefined) return [];
        return [scheme[1].toLowerCase() === "s3" ? { kind: "bucket", bucket: host } : { kind: "host", host: canonicalHost(host) }];
    }
    const words = wordsOf(names);
    const host = HOST_PORT.exec(v)?.[1];
    if (host !== undefined && (words.some((w) => HOST_WORDS.has(w)) || /\.amazonaws\.com(\.cn)?$/i.test(host))) {
        return [{ kind: "host", host: canonicalHost(host) }];
    }
    if (words.includes("BUCKET") && /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(v)) {
        return [{ kind: "bucket", bucket: v }];
    }
    return [];
}

/**
 * What the stack holds, by value: every known string of its resources' outputs and of the stacks
 * it references, settings and record targets left out (see SETTING_PROPERTIES). Built once per
 * stack: linear in its size.
 */
export function heldValues(resources: PolicyResource[]): Set<string> {
    const held = new Set<string>();
    const walk = (value: unknown): void => {
        if (typeof value === "string") {
            held.add(value);
        } else if (Array.isArray(value)) {
            value.forEach(walk);
        } else if (typeof value === "object" && value !== null) {
            Object.values(value).forEach(walk);
        }
    };
    for (const r of resources) {
        const skip = SETTING_PROPERTIES[r.type] ?? [];
        for (const key of propertyNames(r).filter((k) => !skip.includes(k))) {
            walk(knownDeep(() => r.props[key]));
        }
    }
    return held;
}

/** A resource's property names: each is then read on its own, so one unknown output hides only itself. */
const propertyNames = (r: PolicyResource): string[] => known(() => Object.keys(r.props), []) ?? [];

/** The hosts among what the stack holds: host names and addresses, an endpoint's host (`db.example:5432`), a URL's host (a queue's URL). */
export function heldHosts(held: Set<string>): Set<string> {
    const hosts = new Set<string>();
    for (const v of held) {
        const host = HOST_PORT.exec(v)?.[1] ?? (/^[a-z][a-z0-9+.-]*:\/\/[^/]/i.test(v) ? urlHost(v) : undefined);
        if (host) hosts.add(canonicalHost(host));
    }
    return hosts;
}

/** The host of a URL, or undefined when it does not parse. */
function urlHost(url: string): string | undefined {
    try {
        return new URL(url).hostname.replace(/^\[|\]$/g, "") || undefined;
    } catch {
        return undefined;
    }
}

/** What a setting's target is judged against. */
export interface Destinations {
    /** The stack's account: its ARNs must name resources the stack holds (other accounts are judged by account). */
    account: string;
    /** The stack's region: the AWS endpoints it may name. */
    region: string | undefined;
    held: Set<string>;
    /** The hosts of the stack, lower case (see heldValues). */
    hosts: Set<string>;
    /** The stack's own domains and the external services' domains the configuration lists. */
    domains: string[];
    /** Why a bucket name is not the stack's, or undefined when it is. */
    bucketProblem: (name: string) => string | undefined;
}

/**
 * Hosts a task reaches inside itself (a sidecar on localhost), on the link-local addresses AWS
 * runs (task metadata, IMDS), or by a name of a special-use domain (`.internal`, `.local`,
 * `home.arpa`) that no one can register: only the VPC's own resolver (a private hosted zone,
 * Cloud Map) answers for it.
 */
const LOCAL_HOST = /^(localhost|.*\.(localhost|internal|local|localdomain|home\.arpa)|127(\.\d{1,3}){3}|::1|169\.254(\.\d{1,3}){2})$/;

/** A region label of an AWS host (`us-east-1`, `us-gov-west-1`, `cn-north-1`). */
const REGION_LABEL = /^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+$/;

/** An ARN the stack holds: the value itself, or it with its trailing qualifiers removed (a function's `:live`, a secret's `:password::`). */
function heldArn(arn: string, held: Set<string>): boolean {
    const parts = arn.replace(/:\*$/, "").split(":");
    for (let n = parts.length; n >= 6; n--) {
        if (held.has(parts.slice(0, n).join(":"))) return true;
    }
    return false;
}

/** Why a setting's target is not the stack's, AWS's or a listed service's; undefined when it is. */
export function targetProblem(target: Target, to: Destinations): string | undefined {
    if (target.kind === "bucket") {
        const why = to.bucketProblem(target.bucket);
        return why && `names bucket ${target.bucket}, which ${why}`;
    }
    if (target.kind === "arn") {
        const arn = parseArn(target.arn)!;
        if (arn.service === "s3" && arn.account === "") {
            return targetProblem({ kind: "bucket", bucket: arn.resource.split("/")[0] }, to);
        }
        // Another account's ARN is judged by account (trusted or not); AWS-owned ones (managed policies) by no one.
        return arn.account !== to.account || heldArn(target.arn, to.held) ? undefined : `names ${target.arn}, which is no resource of this stack (nor of a stack it references)`;
    }
    const host = target.host;
    if (LOCAL_HOST.test(host) || to.hosts.has(host) || to.domains.some((d) => inDomain(host, d))) {
        return undefined;
    }
    const bucket = /^(.+)\.s3(?:[.-][a-z0-9-]+)*\.amazonaws\.com$/.exec(host)?.[1];
    if (bucket !== undefined) {
        return targetProblem({ kind: "bucket", bucket }, to);
    }
    // S3's own endpoints (`s3.eu-west-1.amazonaws.com`, `s3-us-west-2…`) name no bucket: AWS's, like any service's.
    if (awsServiceHost(host) || /^s3[.-][^.]*\.?.*\.amazonaws\.com$/.test(host)) {
        const region = host.split(".").find((l) => REGION_LABEL.test(l));
        return region === undefined || to.region === undefined || region === to.region ? undefined
            : `names ${host}, an AWS endpoint of ${region}, not of the stack's region ${to.region}`;
    }
    return `names host ${host}, which is no host of this stack (its databases, caches, load balancers, buckets, or a stack it references), no AWS endpoint of its region, and under none of its domains or the external services listed in externalServiceDomains${to.domains.length ? ` (${to.domains.join(", ")})` : ""}`;
}

/**
 * The settings that point outside the stack, with why. A parameter the program derives from
 * resources' outputs (`derived`) is judged by derivation instead (see staleSettings): it holds
 * what its source gives, or is reported there; while its source is not known (a preview
 * replacing it), there is nothing to compare with.
 */
export function strayTargets(settings: Setting[], to: Destinations, derived: Set<PolicyResource>): Array<{ setting: Setting; problem: string }> {
    const out: Array<{ setting: Setting; problem: string }> = [];
    for (const setting of settings.filter((s) => !derived.has(s.resource))) {
        for (const target of targetsOf(setting.names, setting.value)) {
            const problem = targetProblem(target, to);
            if (problem) out.push({ setting, problem });
        }
    }
    return out;
}

/** The known scalar outputs of a resource (a referenced stack's exports), as text: `5432` for a port. */
function outputValues(r: PolicyResource): Set<string> {
    const out = new Set<string>();
    const walk = (value: unknown): void => {
        if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
            out.add(String(value));
        } else if (Array.isArray(value)) {
            value.forEach(walk);
        } else if (typeof value === "object" && value !== null) {
            Object.values(value).forEach(walk);
        }
    };
    for (const key of r.type === STACK_REFERENCE ? ["outputs"] : propertyNames(r)) {
        walk(knownDeep(() => r.props[key]));
    }
    return out;
}

/**
 * Whether a value is what its sources give: one of their outputs, or a text built around one
 * that identifies them (a host or ARN, not a bare port: `db.example:5432` is not `5432`'s).
 */
function derivedFrom(value: string, outputs: Set<string>): boolean {
    if (outputs.has(value)) return true;
    return [...outputs].some((o) => o.length >= 12 && /[.:]/.test(o) && value.includes(o));
}

/** A parameter whose deployed value is none of the outputs the program derives it from. */
export interface StaleSetting {
    parameter: PolicyResource;
    name: string;
    value: string;
    secret: boolean;
    sources: PolicyResource[];
}

/**
 * The parameters whose value the program sets from other resources' outputs (their property
 * dependencies) and that hold none of those outputs (`stale`), and those that hold one or whose
 * sources' outputs are not known yet, a preview creating or replacing them (`derived`).
 */
export function staleSettings(resources: PolicyResource[]): { stale: StaleSetting[]; derived: Set<PolicyResource> } {
    const out: StaleSetting[] = [];
    const derived = new Set<PolicyResource>();
    const cache = new Map<PolicyResource, Set<string>>();
    for (const p of resources.filter((r) => r.type === PARAMETER)) {
        const value = knownString(p, "value") ?? knownString(p, "insecureValue");
        const deps = [...(p.propertyDependencies?.value ?? []), ...(p.propertyDependencies?.insecureValue ?? [])];
        if (deps.length === 0) continue;
        derived.add(p);
        if (value === undefined) continue;
        const outputs = new Set<string>();
        for (const d of deps) {
            if (!cache.has(d)) cache.set(d, outputValues(d));
            cache.get(d)!.forEach((o) => outputs.add(o));
        }
        // A StringList's items each come from an output.
        if (outputs.size > 0 && !derivedFrom(value, outputs) && !value.split(",").every((v) => derivedFrom(v.trim(), outputs))) {
            out.push({ parameter: p, name: knownString(p, "name") ?? p.name, value, secret: knownString(p, "type") === "SecureString", sources: deps });
            derived.delete(p); // what it holds instead is judged as any setting: where does it lead?
        }
    }
    return { stale: out, derived };
}
