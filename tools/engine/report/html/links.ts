/**
 * Edges of the architecture picture, found the way the resources name each other: an input
 * that holds another resource's ARN, id, name or endpoint (also inside JSON-string inputs such
 * as container definitions) is a reference. Within a stack that draws the flow (load balancer →
 * target group → service → data store); across regions it draws replication, replicas and copies.
 */
import { EngineResource, STACK_TYPE } from "../../model";
import { unwrapSecrets } from "../../wire";
import type { ArchEdge, CrossLink, StackModel, StackView } from "./architecture";
import { kindOrder, Layer, NODE_KINDS } from "./kinds";

/** Outputs that identify a resource; other outputs (tags, region, flags) would match by accident. */
const IDENTIFYING = ["name", "bucket", "address", "endpoint", "primaryEndpointAddress",
    "configurationEndpointAddress", "dnsName", "repositoryUrl", "identifier", "keyId"];

/** Upstream first: arrows point the way requests and data flow. */
const FLOW_RANK: Partial<Record<Layer, number>> = { edge: 0, compute: 1, data: 2, storage: 2, keys: 3 };

/** Input keys naming where data comes from: the arrow points away from the referenced resource. */
const SOURCE_KEYS = new Set(["replicateSourceDb", "sourceDbInstanceIdentifier", "sourceBucket", "sourceKeyArn", "primaryKeyArn"]);

/** How a cross-region reference reads, by the input key that holds it. */
const LINK_LABELS: Record<string, string> = {
    replicateSourceDb: "database replica",
    sourceDbInstanceIdentifier: "database replica",
    bucket: "static replication",
    destinationVaultArn: "backup copy",
    replicaKmsKeyId: "replica key",
    primaryKeyArn: "replica key",
};

interface Reference {
    key: string;
    value: string;
}

/** Every string in a value, with the key that holds it; JSON strings are looked into. */
export function references(value: unknown, key = ""): Reference[] {
    if (typeof value === "string") {
        const t = value.trim();
        if ((t.startsWith("{") || t.startsWith("[")) && t.length > 2) {
            try {
                return references(JSON.parse(t), key);
            } catch {
                // Not JSON after all: an ordinary string.
            }
        }
        return [{ key, value }];
    }
    if (Array.isArray(value)) {
        return value.flatMap((v) => references(v, key));
    }
    if (value && typeof value === "object") {
        return Object.entries(value).flatMap(([k, v]) => references(v, k));
    }
    return [];
}

/**
 * Identifying value → the resource it names. A resource's id and ARN name it first; other
 * identifying outputs (name, bucket, endpoint) only where no id or ARN claims the value, since
 * configuration resources echo their target's name (a bucket's versioning has `bucket` too).
 * Values claimed by several resources at the same rank are dropped.
 */
export function identityIndex(resources: { r: EngineResource; tag: string }[]): Map<string, string> {
    const primary = new Map<string, string | null>();
    const secondary = new Map<string, string | null>();
    const claim = (m: Map<string, string | null>, v: unknown, tag: string) => {
        if (typeof v === "string" && v.length >= 8) {
            m.set(v, m.has(v) && m.get(v) !== tag ? null : tag);
        }
    };
    for (const { r, tag } of resources) {
        // Components re-export their children's ARNs; only the custom resource is the thing named.
        if (!r.custom || r.type.startsWith("pulumi:")) {
            continue;
        }
        const outputs = (unwrapSecrets(r.outputs) ?? {}) as Record<string, unknown>;
        claim(primary, r.id, tag);
        claim(primary, outputs.arn, tag);
        for (const k of IDENTIFYING) {
            claim(secondary, outputs[k], tag);
        }
    }
    const out = new Map<string, string>();
    for (const [v, tag] of secondary) {
        if (tag !== null && !primary.has(v)) {
            out.set(v, tag);
        }
    }
    for (const [v, tag] of primary) {
        if (tag !== null) {
            out.set(v, tag);
        }
    }
    return out;
}

/** Drops resources that the picture does not show (the stack, providers). */
function drawn(r: EngineResource): boolean {
    return r.type !== STACK_TYPE && !r.type.startsWith("pulumi:");
}

/** Flow edges between a stack's nodes, plus its verified paths. */
export function stackEdges(view: StackView, owner: Map<string, string>): ArchEdge[] {
    const index = identityIndex(view.resources.filter(drawn).map((r) => ({ r, tag: r.urn })));
    const layers = new Map<string, Layer>();
    const typeOfNode = new Map<string, string>();
    for (const r of view.resources) {
        const o = owner.get(r.urn);
        const kind = NODE_KINDS[r.type];
        if (o && kind && !layers.has(o)) {
            layers.set(o, kind.layer);
            typeOfNode.set(o, r.type);
        }
    }
    const edges = new Map<string, ArchEdge>();
    for (const r of view.resources.filter(drawn)) {
        const from = owner.get(r.urn);
        for (const ref of references(unwrapSecrets(r.inputs))) {
            const targetUrn = index.get(ref.value);
            const to = targetUrn ? owner.get(targetUrn) : undefined;
            if (!from || !to || from === to) {
                continue;
            }
            const a = FLOW_RANK[layers.get(from)!];
            const b = FLOW_RANK[layers.get(to)!];
            if (a === undefined || b === undefined) {
                continue;
            }
            const forward = a < b || (a === b && kindOrder(typeOfNode.get(from) ?? "") <= kindOrder(typeOfNode.get(to) ?? ""));
            const [x, y] = forward ? [from, to] : [to, from];
            edges.set(`${x}→${y}`, { from: x, to: y, kind: b === 3 || a === 3 ? "uses" : "flow" });
        }
    }
    for (const e of securityGroupFlows(view, owner)) {
        edges.set(`${e.from}→${e.to}`, e);
    }
    for (const p of view.paths ?? []) {
        const from = owner.get(p.fromUrn);
        const to = owner.get(p.toUrn);
        if (from && to && from !== to) {
            edges.set(`path:${p.name}`, { from, to, kind: p.ok ? "path" : "broken-path", label: p.name });
        }
    }
    return [...edges.values()];
}

const INGRESS_RULE_TYPES = new Set([
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule",
    "aws:ec2/securityGroupRule:SecurityGroupRule",
]);

/**
 * What the security groups let through, as flow edges: an ingress rule on group X from group Y
 * connects every node using Y to every node using X, labelled with the port.
 */
export function securityGroupFlows(view: StackView, owner: Map<string, string>): ArchEdge[] {
    const groupIds = new Set(view.resources.filter((r) => r.type === "aws:ec2/securityGroup:SecurityGroup")
        .map((r) => r.id ?? (unwrapSecrets(r.outputs) as Record<string, unknown>).id).filter((id): id is string => typeof id === "string"));
    const users = new Map<string, Set<string>>();
    for (const r of view.resources.filter((x) => NODE_KINDS[x.type] && FLOW_RANK[NODE_KINDS[x.type].layer] !== undefined)) {
        const o = owner.get(r.urn);
        for (const ref of references(unwrapSecrets(r.inputs))) {
            if (o && groupIds.has(ref.value)) {
                users.set(ref.value, new Set([...(users.get(ref.value) ?? []), o]));
            }
        }
    }
    const edges: ArchEdge[] = [];
    for (const r of view.resources.filter((x) => INGRESS_RULE_TYPES.has(x.type))) {
        const i = unwrapSecrets(r.inputs) as Record<string, any>;
        if (r.type === "aws:ec2/securityGroupRule:SecurityGroupRule" && i.type !== "ingress") {
            continue;
        }
        const source = i.referencedSecurityGroupId ?? i.sourceSecurityGroupId;
        const port = i.fromPort === i.toPort ? `${i.fromPort}` : `${i.fromPort}-${i.toPort}`;
        for (const from of users.get(source) ?? []) {
            for (const to of users.get(i.securityGroupId) ?? []) {
                if (from !== to) {
                    edges.push({ from, to, kind: "flow", label: `tcp ${port}` });
                }
            }
        }
    }
    return edges;
}

/** ECR registry replication names a registry and region, not a resource: match image URIs there. */
function registryTargets(r: EngineResource): string[] {
    if (r.type !== "aws:ecr/replicationConfiguration:ReplicationConfiguration") {
        return [];
    }
    const rules = (unwrapSecrets(r.inputs) as any)?.replicationConfiguration?.rules ?? [];
    return rules.flatMap((rule: any) => (rule.destinations ?? []).map((d: any) =>
        `${d.registryId}.dkr.ecr.${d.region}.amazonaws.com/`));
}

/** Links between nodes in different regions (of one stack or of two). */
export function crossLinks(views: StackView[], models: StackModel[]): CrossLink[] {
    const all = views.flatMap((view, i) => view.resources.filter(drawn).map((r) => ({ r, tag: `${i}|${r.urn}` })));
    const index = identityIndex(all);
    const ownerOf = (tag: string): string | undefined => {
        const [i, urn] = [Number(tag.slice(0, tag.indexOf("|"))), tag.slice(tag.indexOf("|") + 1)];
        return findOwner(models[i], urn);
    };
    const regionOfNode = new Map<string, string>();
    models.forEach((m) => m.regions.forEach((rg) => rg.components.forEach((c) => {
        regionOfNode.set(c.id, rg.region);
        c.nodes.forEach((n) => regionOfNode.set(n.id, rg.region));
    })));
    const links = new Map<string, CrossLink>();
    const add = (from: string | undefined, to: string | undefined, label: string) => {
        if (from && to && from !== to && regionOfNode.get(from) !== regionOfNode.get(to)) {
            links.set(`${from}→${to}|${label}`, { from, to, label });
        }
    };
    for (const { r, tag } of all) {
        const self = ownerOf(tag);
        for (const ref of references(unwrapSecrets(r.inputs))) {
            const target = index.get(ref.value);
            if (!target || target === tag) {
                continue;
            }
            const label = LINK_LABELS[ref.key];
            if (!label) {
                // Other references across regions are policy documents and keys, not data moving.
                continue;
            }
            const other = ownerOf(target);
            if (SOURCE_KEYS.has(ref.key)) {
                add(other, self, label);
            } else {
                add(self, other, label);
            }
        }
        for (const prefix of registryTargets(r)) {
            for (const consumer of all) {
                if (references(unwrapSecrets(consumer.r.inputs)).some((x) => x.value.startsWith(prefix))) {
                    add(self, ownerOf(consumer.tag), "image replication");
                }
            }
        }
    }
    return [...links.values()];
}

/** The node (or component) of a model that holds a resource. */
export function findOwner(model: StackModel, urn: string): string | undefined {
    for (const region of model.regions) {
        for (const c of region.components) {
            if (c.resources.some((r) => r.urn === urn)) {
                return c.id;
            }
            const node = c.nodes.find((n) => n.resources.some((r) => r.urn === urn));
            if (node) {
                return node.id;
            }
        }
    }
    return undefined;
}
