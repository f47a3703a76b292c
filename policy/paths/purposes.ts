/**
 * Least privilege by purpose (policy/lib/facts/purposes.ts): what a workload may reach is what
 * its purpose lists, whatever it uses. For each role a workload runs under (./workloads.ts):
 * - each bucket of the stack, named by its settings or exported by a stack it references: the
 *   object verbs (list, read, write, delete) AWS would allow the role, by its identity policies
 *   of every attachment kind and the bucket's own policy (within the account a bucket policy
 *   naming the role, or everyone in the account, grants on its own), must be verbs of the purpose
 *   of every workload running under it (the backend writes backups and never reads or deletes
 *   them; the frontend may read static files and never writes them; a log or evidence bucket no
 *   purpose names is nobody's to read). A bucket of no kind the facts know is reachable by the
 *   workloads told about it (their settings name it), as a secret of no known kind is;
 * - each database: `rds-db:connect` only as the users of its purpose (the backend as the
 *   application's user; never the master user), and a task told to log in as another user fails;
 * - each data store's security groups admit, on the store's port, only groups whose workloads'
 *   purposes reach that store (only the backend reaches the cache).
 * Secrets are judged the same way in ./secretUse.ts (their kinds' audience).
 *
 * A grant is judged as AWS would decide the request, not only as written: `*` resources, NotAction,
 * wildcard users, a customer managed policy attached by ARN, the statements of an AWS managed
 * policy the pack records, a resource policy's principal. A permissions boundary that refuses the
 * request takes the grant away.
 */
import {
    APP_DATABASE_USER, appBucketOf, BUCKET_VERB_ACTIONS, BucketKind, BucketVerb, bucketVerbs, DataStore, MASTER_USERNAME, PURPOSES, Workload,
} from "../lib/facts/purposes";
import { MYSQL_PORT, POSTGRES_PORT, REDIS_PORT } from "../lib/facts/ports";
import { globMatches } from "../lib/iam/catalog";
import { NormalPolicy } from "../lib/iam";
import { DATA_STORE_GROUPS, DATA_STORE_SUBNET_GROUPS } from "../network/dataStores";
import { ask, bucketPolicyOf } from "./access";
import { arnParts, broken, ok, PathResource, PathResult, StackIndex } from "./model";
import { cidrContains, covers, SECURITY_GROUP, securityGroupRules } from "./network";
import { settingsOf, tasksOf } from "./tasks";
import { groupWorkloads, Runner, runnersOf, taskWorkloads } from "./workloads";

const BUCKETS = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const CANARY = "aws:synthetics/canary:Canary";
const PARAMETER = "aws:ssm/parameter:Parameter";
const SUBNET = "aws:ec2/subnet:Subnet";
const STACK_REFERENCE = "pulumi:pulumi:StackReference";
const DATABASES = ["aws:rds/instance:Instance", "aws:rds/cluster:Cluster"];
const VERBS = Object.keys(BUCKET_VERB_ACTIONS) as BucketVerb[];

/** What a purpose is called in messages: the workload, or code of no known purpose. */
const named = (w: Workload | undefined): string => (w ? PURPOSES[w].what : "code of no known workload");
const roleName = (r: Runner): string => String(r.role.role.props.name ?? r.role.role.name);

/** The workloads whose purposes bound a role: those whose code runs under it, and `undefined` for code of no known workload. */
function bounding(r: Runner): Array<Workload | undefined> {
    return [...r.runs, ...(r.unknown ? [undefined] : [])];
}

/** What every one of `workloads` may do (a role's grants reach each workload running under it); nothing when none runs code under it. */
function common<T>(workloads: Array<Workload | undefined>, of: (w: Workload) => readonly T[]): T[] {
    if (workloads.length === 0 || workloads.includes(undefined)) return [];
    const [first, ...rest] = workloads as Workload[];
    return of(first).filter((x) => rest.every((w) => of(w).includes(x)));
}

/** Whether any Allow statement of the policies could grant an action of `service` (a cheap filter before simulating). */
function mayGrant(policies: Array<NormalPolicy | undefined>, service: string): boolean {
    return policies.some((p) => (p?.statements ?? []).some((st) => st.effect === "Allow"
        && (st.notAction !== undefined || (st.action ?? []).some((a) => a === "*" || globMatches(a.split(":")[0], service)))));
}

/** The ARN prefix of a role's sessions: `arn:aws:sts::<account>:assumed-role/<name>` (a role's path is not in it). */
const sessionsOf = (role: string): string => role.replace(/^arn:([\w-]+):iam::(\d*):role\/(?:.*\/)?([^/]+)$/, "arn:$1:sts::$2:assumed-role/$3");

/** A pattern of a policy (an action, resource or principal) that may match `value`; one with a policy variable may match anything. */
const matches = (pattern: string, value: string): boolean => pattern.includes("${") || globMatches(pattern, value);

/**
 * Whether some Allow statement names the request (its action and resource, conditions aside): what
 * the simulator must then decide. Without one, neither Allow nor anything else can grant it. For a
 * resource policy, only a statement whose principal may be the role grants on its own (`*`, the
 * role, its sessions, NotPrincipal); one naming the account delegates to the identity policies.
 */
function names(policy: NormalPolicy, action: string, resource: string, role?: string): boolean {
    return policy.statements.some((st) => st.effect === "Allow"
        && (st.action ? st.action.some((a) => matches(a, action)) : !(st.notAction ?? []).some((a) => matches(a, action)))
        && (st.resource ? st.resource.some((x) => matches(x, resource)) : st.notResource ? !st.notResource.some((x) => matches(x, resource)) : true)
        && (role === undefined || st.notPrincipal !== undefined || (st.principal?.AWS ?? []).some((p) => p === "*" || p === role || p.startsWith(`${sessionsOf(role)}/`))));
}

/** Whether the role may make the request, as AWS decides it: identity and resource policy, then the permissions boundary. */
async function may(r: Runner, action: string, resource: string, resourcePolicy?: NormalPolicy): Promise<boolean> {
    if (!r.role.policies.some((p) => names(p, action, resource)) && !(resourcePolicy && names(resourcePolicy, action, resource, r.role.arn))) return false;
    // A probe, not a request anything makes: the boundary's refusals are not recorded as broken paths.
    const boundary = r.role.boundary && { ...r.role.boundary, refused: new Set<string>() };
    const d = await ask({ action, resource, account: r.account, principal: r.role.arn, identity: r.role.policies, boundary, resourcePolicy });
    return d.allowed && (boundary === undefined || boundary.refused.size === 0);
}

/** The resource to change for a grant: the role's policy document that allows it alone, else the resource policy's holder. */
async function grantedBy(r: Runner, action: string, resource: string, fallback: PathResource): Promise<PathResource> {
    for (const [i, policy] of r.role.policies.entries()) {
        const d = await ask({ action, resource, account: r.account, principal: r.role.arn, identity: [policy] });
        if (d.identityAllows) return r.role.sources[i] ?? r.role.role;
    }
    return fallback;
}

// ------------------------------------------------------------------ buckets

interface Bucket {
    name: string;
    arn: string;
    /** What the facts say the bucket is (by the setting or canary location naming it); undefined for any other. */
    kind?: BucketKind;
}

const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const BUCKET_ARN = /^arn:aws[\w-]*:s3:::([^/]+)$/;

/** The bucket of an `s3://bucket/prefix` location, an `arn:aws:s3:::bucket[/key]` ARN or a bucket name. */
function bucketOf(value: string): string | undefined {
    const m = /^s3:\/\/([^/]+)/.exec(value) ?? /^arn:aws[\w-]*:s3:::([^/]+)/.exec(value);
    return m ? m[1] : BUCKET_NAME.test(value) ? value : undefined;
}

/** Buckets a referenced stack exports: S3 bucket ARNs, and names under an output called …bucket or …bucketName. */
function exportedBuckets(value: unknown, key = ""): string[] {
    if (typeof value === "string") {
        const arn = BUCKET_ARN.exec(value);
        if (arn) return [arn[1]];
        return /bucket(name)?$/i.test(key) && BUCKET_NAME.test(value) ? [value] : [];
    }
    if (Array.isArray(value)) return value.flatMap((v) => exportedBuckets(v, key));
    if (value && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => exportedBuckets(v, k));
    return [];
}

/** The buckets a workload could reach: the stack's, those its settings name, those a referenced stack exports. */
function bucketsOf(ix: StackIndex): Bucket[] {
    const kinds = new Map<string, BucketKind>();
    for (const c of ix.ofType(CANARY)) {
        const b = typeof c.props.artifactS3Location === "string" ? bucketOf(c.props.artifactS3Location) : undefined;
        if (b) kinds.set(b, "canary-artifacts");
    }
    // After the canary's: an application bucket stays one wherever a canary writes its artifacts.
    for (const t of tasksOf(ix)) {
        for (const [setting, value] of settingsOf(ix, t)) {
            const kind = appBucketOf(setting);
            const b = bucketOf(value);
            if (kind && b) kinds.set(b, kind);
        }
    }
    const names = new Set<string>([
        ...ix.ofType(...BUCKETS).map((b) => b.props.bucket).filter((n): n is string => typeof n === "string"),
        ...kinds.keys(),
        ...ix.ofType(STACK_REFERENCE).flatMap((r) => exportedBuckets(r.props.outputs)),
    ]);
    return [...names].map((name) => ({ name, arn: `arn:aws:s3:::${name}`, kind: kinds.get(name) }));
}

/** Whether the role's runners are told about the bucket (a setting, environment value or location names it). */
function told(r: Runner, b: Bucket): boolean {
    return [...r.refs].some((ref) => bucketOf(ref) === b.name);
}

/** The verbs the role may use on the bucket: what every workload running under it may do there. */
function allowedVerbs(r: Runner, b: Bucket): BucketVerb[] {
    if (b.kind === undefined) return told(r, b) ? VERBS : [];
    const kind = b.kind;
    return common(bounding(r), (w) => bucketVerbs(w, kind));
}

/** Objects to ask about: one the stack never names, and one under each prefix a grant names (`media/*`). */
function probeObjects(b: Bucket, policies: Array<NormalPolicy | undefined>): string[] {
    const named = policies.flatMap((p) => p?.statements ?? []).filter((st) => st.effect === "Allow").flatMap((st) => st.resource ?? [])
        .filter((res) => res.startsWith(`${b.arn}/`)).map((res) => res.replace(/\*/g, "pack-probe").replace(/\?/g, "x"));
    return [...new Set([`${b.arn}/pack-probe-object`, ...named])];
}

/** What a bucket is, for messages. */
const bucketWhat = (b: Bucket): string => (b.kind === undefined ? "a bucket no purpose names" : b.kind === "canary-artifacts" ? "the canary's artifact bucket" : `the ${b.kind} bucket`);

async function bucketReach(ix: StackIndex, r: Runner, b: Bucket): Promise<PathResult | undefined> {
    const held = bucketPolicyOf(ix, b.name);
    if (!mayGrant([...r.role.policies, held?.policy], "s3")) return undefined;
    const allowed = allowedVerbs(r, b);
    const objects = probeObjects(b, [...r.role.policies, held?.policy]);
    const found: Array<{ verb: BucketVerb; action: string; resource: string }> = [];
    for (const verb of VERBS.filter((v) => !allowed.includes(v))) {
        const probe = async () => {
            for (const action of BUCKET_VERB_ACTIONS[verb]) {
                for (const resource of verb === "list" ? [b.arn] : objects) {
                    if (await may(r, action, resource, held?.policy)) return { verb, action, resource };
                }
            }
            return undefined;
        };
        const hit = await probe();
        if (hit) found.push(hit);
    }
    const path = `least privilege by purpose: role ${roleName(r)} reaches bucket ${b.name} only as its workloads' purposes allow`;
    if (found.length === 0) return ok(path);
    const change = await grantedBy(r, found[0].action, found[0].resource, held?.resource ?? r.role.role);
    const purposes = bounding(r).length === 0
        ? `${r.who.join(", ")} start tasks under it and reach none of their data`
        : `${r.who.join(", ")} run ${bounding(r).map(named).join(" and ")}, whose purpose on ${bucketWhat(b)} is ${allowed.length ? allowed.join(", ") : "nothing"}`;
    return broken(path, `a purpose for ${found.map((f) => `${f.action} (${f.verb})`).join(", ")} on ${b.name}: ${purposes} (policy/lib/facts/purposes.ts); remove the grant for the role`, change);
}

// ------------------------------------------------------------------ database logins

/** The database users an Allow statement's `rds-db:connect` resources name (`…:dbuser:<id>/<user>`). */
function namedUsers(policies: NormalPolicy[]): string[] {
    return policies.flatMap((p) => p.statements).filter((st) => st.effect === "Allow").flatMap((st) => st.resource ?? [])
        .map((res) => /:dbuser:[^/]*\/(.+)$/.exec(res)?.[1]).filter((u): u is string => u !== undefined && !/[*?]/.test(u));
}

/** A database's master user: its own, else (a replica) the fact's. */
const masterOf = (db: PathResource): string => (typeof db.props.username === "string" ? db.props.username : typeof db.props.masterUsername === "string" ? db.props.masterUsername : MASTER_USERNAME);

async function databaseLogins(ix: StackIndex, r: Runner): Promise<PathResult[]> {
    if (!mayGrant(r.role.policies, "rds-db")) return [];
    const allowed = common(bounding(r), (w) => PURPOSES[w].databaseUsers);
    const results: PathResult[] = [];
    for (const db of ix.ofType(...DATABASES)) {
        const resourceId = db.props.resourceId ?? db.props.clusterResourceId;
        const { region, account } = arnParts(db.props.arn);
        if (typeof resourceId !== "string") continue; // not known yet (preview): judged once it is
        const master = masterOf(db);
        const users = [...new Set([master, MASTER_USERNAME, APP_DATABASE_USER, "pack-probe-user", ...namedUsers(r.role.policies)])].filter((u) => !allowed.includes(u));
        const found: Array<{ user: string; resource: string }> = [];
        for (const user of users) {
            const resource = `arn:aws:rds-db:${region ?? r.region}:${account ?? r.account}:dbuser:${resourceId}/${user}`;
            if (await may(r, "rds-db:connect", resource)) found.push({ user, resource });
        }
        const path = `least privilege by purpose: role ${roleName(r)} logs in to ${db.props.identifier ?? db.name} only as its workloads' purposes allow`;
        if (found.length === 0) { results.push(ok(path)); continue; }
        const who = found.map((f) => (f.user === master ? `${f.user} (the master user)` : f.user === "pack-probe-user" ? "any user" : f.user)).join(", ");
        const purposes = bounding(r).length === 0 ? `${r.who.join(", ")} run no workload that logs in to it` : `${r.who.join(", ")} run ${bounding(r).map(named).join(" and ")}, which log${bounding(r).length > 1 ? "" : "s"} in ${allowed.length ? `as ${allowed.join(", ")} only` : "to no database"}`;
        results.push(broken(path, `a purpose for rds-db:connect as ${who}: ${purposes} (policy/lib/facts/purposes.ts); remove the grant for the role`, await grantedBy(r, "rds-db:connect", found[0].resource, r.role.role)));
    }
    return results;
}

/** The database a host setting names (its address or endpoint), if it is one of the stack's. */
function databaseAt(ix: StackIndex, host: string | undefined): PathResource | undefined {
    return host === undefined ? undefined : ix.ofType(...DATABASES).find((d) => [d.props.address, d.props.endpoint, d.props.readerEndpoint].some((e) => typeof e === "string" && e.split(":")[0] === host));
}

/** A task told to log in to a database of the stack (`…HOST` names it) as a user outside its workload's purpose. */
function taskLogins(ix: StackIndex): PathResult[] {
    const results: PathResult[] = [];
    const workloads = taskWorkloads(ix);
    for (const t of tasksOf(ix)) {
        const workload = workloads.get(t.definition);
        const allowed = workload ? PURPOSES[workload].databaseUsers : [];
        const settings = settingsOf(ix, t);
        for (const [setting, user] of settings) {
            const prefix = /^(.*)(USER|USERNAME)$/.exec(setting)?.[1];
            const db = prefix !== undefined ? databaseAt(ix, settings.get(`${prefix}HOST`)) : undefined;
            if (!db) continue;
            const path = `least privilege by purpose: task ${t.family} logs in to ${db.props.identifier ?? db.name} as a user of its purpose (${setting})`;
            if (allowed.includes(user)) { results.push(ok(path)); continue; }
            const master = user === masterOf(db) ? " (the master user)" : "";
            const why = `a purpose for logging in as ${user}${master}: the task runs ${named(workload)}, which logs in ${allowed.length ? `as ${allowed.join(", ")} only` : "to no database"} (policy/lib/facts/purposes.ts)`;
            if (allowed.length === 0) {
                results.push(broken(path, `${why}; take the database settings out of the task`, t.definition));
                continue;
            }
            // The value is wrong where it is written: the parameter the task reads, or its environment.
            const from = t.containers.flatMap((c) => c.secrets ?? []).find((s) => s.name === setting);
            results.push(broken(path, `${why}; set ${setting} to ${allowed[0]}`, (from && ix.named(from.valueFrom, PARAMETER)[0]) ?? t.definition));
        }
    }
    return results;
}

// ------------------------------------------------------------------ data ports

interface Store { resource: PathResource; kind: DataStore; port: number; groups: PathResource[]; cidrs: string[] }

function storesOf(ix: StackIndex): Store[] {
    return Object.entries(DATA_STORE_GROUPS).flatMap(([type, property]) => ix.ofType(type).map((s): Store => {
        const database = type.startsWith("aws:rds/");
        const port = Number(s.props.port ?? (database ? (/mysql|maria/i.test(String(s.props.engine ?? "")) ? MYSQL_PORT : POSTGRES_PORT) : REDIS_PORT));
        const [subnetProperty, subnetGroupType] = DATA_STORE_SUBNET_GROUPS[type] ?? [];
        const subnetGroup = subnetProperty ? ix.refs(s, subnetProperty, subnetGroupType)[0] : undefined;
        const cidrs = subnetGroup ? ix.refs(subnetGroup, "subnetIds", SUBNET).flatMap((n) => (typeof n.props.cidrBlock === "string" ? [n.props.cidrBlock] : [])) : [];
        return { resource: s, kind: database ? "database" : "cache", port, groups: ix.refs(s, property, SECURITY_GROUP), cidrs };
    }));
}

/**
 * Network reach is the same table: on a store's port, the store's groups admit (ingress) and the
 * workloads' groups open connections to it (egress, to its groups or to an address block holding
 * its subnets) only where every workload running in the group has the store in its purpose. The
 * two sides are judged apart: either is one rule away from a path, and neither is the workload's
 * to change once it is compromised.
 */
function storeReach(ix: StackIndex): PathResult[] {
    const workloads = groupWorkloads(ix);
    const rules = securityGroupRules(ix);
    const results: PathResult[] = [];
    const judge = (store: Store, group: PathResource, rule: ReturnType<typeof securityGroupRules>[number], side: string) => {
        const inside = workloads.get(group);
        if (!inside) return; // no workload runs there: whatever is placed in it later is judged then
        const outside = [...[...inside.workloads].filter((w) => !PURPOSES[w].stores.includes(store.kind)), ...(inside.unknown ? [undefined] : [])];
        const path = `least privilege by purpose: group ${group.name} reaches ${store.kind} ${store.resource.name} on ${store.port} only if its workloads' purposes do (${side} rule of ${rule.declaredBy.name})`;
        if (outside.length === 0) { results.push(ok(path)); return; }
        const reaching = (Object.keys(PURPOSES) as Workload[]).filter((w) => PURPOSES[w].stores.includes(store.kind)).map(named);
        results.push(broken(path, `a purpose for ${outside.map(named).join(" and ")} to reach the ${store.kind}: group ${group.name} holds ${inside.who.join(", ")}, and only ${reaching.join(", ")} reach the ${store.kind} (policy/lib/facts/purposes.ts); remove the ${side} rule, or move the workload out of the group`, rule.declaredBy));
    };
    const stores = storesOf(ix);
    const storesIn = new Map<PathResource, Store[]>();
    stores.forEach((st) => st.groups.forEach((g) => storesIn.set(g, [...(storesIn.get(g) ?? []), st])));
    // Each rule once: an ingress rule against the stores of its group, an egress rule of a workload's group against every store.
    for (const rule of rules) {
        if (rule.direction === "ingress") {
            for (const store of (storesIn.get(rule.group) ?? []).filter((st) => covers(rule, st.port))) rule.peers.forEach((peer) => judge(store, peer, rule, "ingress"));
        } else if (workloads.has(rule.group)) {
            for (const store of stores.filter((st) => covers(rule, st.port) && !st.groups.includes(rule.group)
                && (rule.peers.some((p) => st.groups.includes(p)) || st.cidrs.some((c) => rule.cidrs.some((r) => cidrContains(r, c)))))) {
                judge(store, rule.group, rule, "egress");
            }
        }
    }
    return results;
}

/** Every least-privilege-by-purpose path of the stack. */
export async function purposePaths(ix: StackIndex): Promise<PathResult[]> {
    const runners = [...runnersOf(ix).values()];
    const buckets = bucketsOf(ix);
    const results: PathResult[] = [];
    for (const r of runners) {
        for (const b of buckets) {
            const result = await bucketReach(ix, r, b);
            if (result) results.push(result);
        }
        results.push(...await databaseLogins(ix, r));
    }
    return [...results, ...taskLogins(ix), ...storeReach(ix)];
}
