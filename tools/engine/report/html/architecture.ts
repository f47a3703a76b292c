/**
 * The architecture picture as data: per stack, region groups holding component groups holding
 * nodes, each node carrying the resources it stands for, their inputs and their violations.
 * Pure: the page renders it, tests assert on it.
 */
import { EngineResource, STACK_TYPE } from "../../model";
import { isSecret, mapWire, unwrapSecrets } from "../../wire";
import { kindOrder, Layer, LAYERS, NODE_KINDS } from "./kinds";
import { crossLinks, identityIndex, references, stackEdges } from "./links";

/** A violation as the report shows it. */
export interface ReportViolation {
    policyName: string;
    enforcementLevel: string;
    severity: string;
    message: string;
    /** What to change, from the policy's description. */
    remediation?: string;
}

/** A verified (or broken) runtime path, drawn as an edge when the pack reports paths. */
export interface ReportPath {
    name: string;
    fromUrn: string;
    toUrn: string;
    ok: boolean;
    detail?: string;
}

/** One stack's (or one phase's) run, as the report takes it. */
export interface StackView {
    stack: string;
    /** Shown beside the stack name, e.g. a dr phase. */
    variant?: string;
    region: string;
    resources: EngineResource[];
    violations: { policyName: string; enforcementLevel: string; severity: string; message: string; urn: string }[];
    /** Policy name → remediation steps. */
    remediation?: Record<string, string>;
    paths?: ReportPath[];
    /** The pack's `name@version`. */
    policyPack?: string;
}

export type Status = "ok" | "advisory" | "mandatory";

export interface ResourceDetail {
    urn: string;
    type: string;
    name: string;
    /** Inputs with secrets replaced by "[secret]". */
    inputs: unknown;
    violations: ReportViolation[];
}

export interface ArchNode {
    id: string;
    name: string;
    label: string;
    layer: Layer;
    status: Status;
    resources: ResourceDetail[];
}

export interface ComponentGroup {
    id: string;
    name: string;
    type: string;
    status: Status;
    nodes: ArchNode[];
    /** Resources of the component that no node stands for. */
    resources: ResourceDetail[];
}

export interface RegionGroup {
    id: string;
    region: string;
    components: ComponentGroup[];
}

export interface ArchEdge {
    from: string;
    to: string;
    kind: "flow" | "uses" | "path" | "broken-path";
    label?: string;
}

export interface StackModel {
    id: string;
    stack: string;
    variant?: string;
    region: string;
    status: Status;
    regions: RegionGroup[];
    edges: ArchEdge[];
    /** Violations of stack policies (not tied to one resource). */
    stackViolations: ReportViolation[];
    resourceCount: number;
}

export interface CrossLink {
    from: string;
    to: string;
    label: string;
}

export interface ArchitectureModel {
    stacks: StackModel[];
    links: CrossLink[];
}

const RANK: Record<Status, number> = { ok: 0, advisory: 1, mandatory: 2 };

export function worst(statuses: Status[]): Status {
    return statuses.reduce<Status>((w, s) => (RANK[s] > RANK[w] ? s : w), "ok");
}

function statusOf(violations: ReportViolation[]): Status {
    return worst(violations.map((v) => (v.enforcementLevel === "mandatory" ? "mandatory" : "advisory")));
}

/** Secrets never reach the page: the report is a file people pass around. */
export function displayInputs(inputs: unknown): unknown {
    return mapWire(inputs, (v) => (isSecret(v) ? "[secret]" : undefined));
}

/** The region a resource lives in: its own `region` input (provider v7), else its provider's, else the stack's. */
export function regionOf(r: EngineResource, providers: Map<string, EngineResource>, fallback: string): string {
    const own = r.inputs.region;
    if (typeof own === "string" && own) {
        return own;
    }
    const providerUrn = r.provider?.split("::").slice(0, -1).join("::");
    const providerRegion = providerUrn ? providers.get(providerUrn)?.inputs.region : undefined;
    return typeof providerRegion === "string" && providerRegion ? providerRegion : fallback;
}

/** `network-public-2` and `network-public-0` are one tier: names differing only by a trailing index. */
export function memberKey(name: string): string {
    return name.replace(/-\d+$/, "");
}

/** Resolves each resource to the node or component that stands for it. */
class Grouping {
    readonly byUrn: Map<string, EngineResource>;
    /** URN → display node id (a node, or a component group when no node stands for it). */
    readonly owner = new Map<string, string>();

    constructor(readonly prefix: string, readonly resources: EngineResource[]) {
        this.byUrn = new Map(resources.map((r) => [r.urn, r]));
    }

    /** The top-level component a resource belongs to (the stack's direct child), or the resource itself. */
    topComponent(r: EngineResource): EngineResource {
        let cur = r;
        for (;;) {
            const parent = cur.parent ? this.byUrn.get(cur.parent) : undefined;
            if (!parent || parent.type === STACK_TYPE) {
                return cur;
            }
            cur = parent;
        }
    }

    /** The nearest ancestor (or the resource itself) drawn as a node. */
    nodeAncestor(r: EngineResource): EngineResource | undefined {
        for (let cur: EngineResource | undefined = r; cur; cur = cur.parent ? this.byUrn.get(cur.parent) : undefined) {
            if (NODE_KINDS[cur.type]) {
                return cur;
            }
        }
        return undefined;
    }
}

/** `loadBalancerArn` → `loadbalancer`: the input key with its identifier suffix removed. */
function keyNoun(key: string): string {
    return key.replace(/(Arn|Id|Name|Identifier)s?$/, "").toLowerCase();
}

/** `aws:lb/loadBalancer:LoadBalancer` → `loadbalancer`. */
function typeNoun(type: string): string {
    return (type.split(":").pop() ?? "").toLowerCase();
}

/**
 * A resource no node stands above folds into a node of its component: one that names it (a
 * service names its task definition), else the one its inputs name by that node's kind
 * (a listener's `loadBalancerArn`), else the first node its inputs name (a WAF association).
 */
function referencedNode(
    r: EngineResource, top: EngineResource, g: Grouping, index: Map<string, string>, namedBy: Map<string, EngineResource>,
): EngineResource | undefined {
    const sameComponent = (t: EngineResource | undefined) =>
        t && NODE_KINDS[t.type] && g.topComponent(t).urn === top.urn ? t : undefined;
    const naming = sameComponent(namedBy.get(r.urn));
    if (naming) {
        return naming;
    }
    const named = references(unwrapSecrets(r.inputs))
        .map((ref) => ({ key: ref.key, target: sameComponent(g.byUrn.get(index.get(ref.value) ?? "")) }))
        .filter((x): x is { key: string; target: EngineResource } => x.target !== undefined);
    const byKind = (list: typeof named) => [...list].sort((a, b) => kindOrder(a.target.type) - kindOrder(b.target.type))[0];
    return (byKind(named.filter((x) => keyNoun(x.key) === typeNoun(x.target.type))) ?? named[0])?.target;
}

/** Resource URN → the first node-kind resource whose inputs name it. */
function namingNodes(resources: EngineResource[], index: Map<string, string>, byUrn: Map<string, EngineResource>): Map<string, EngineResource> {
    const out = new Map<string, EngineResource>();
    for (const r of resources.filter((x) => NODE_KINDS[x.type])) {
        for (const ref of references(unwrapSecrets(r.inputs))) {
            const target = index.get(ref.value);
            if (target && target !== r.urn && !out.has(target) && !NODE_KINDS[byUrn.get(target)?.type ?? ""]) {
                out.set(target, r);
            }
        }
    }
    return out;
}

function detail(r: EngineResource, violations: ReportViolation[]): ResourceDetail {
    return { urn: r.urn, type: r.type, name: r.name, inputs: displayInputs(r.inputs), violations };
}

function slug(s: string): string {
    return s.replace(/[^A-Za-z0-9_-]+/g, "_");
}

/** Components read in the guide's order: edge, network, compute, data, storage, keys, monitoring, security. */
function readingOrder(c: ComponentGroup): number {
    return Math.min(LAYERS.length, ...c.nodes.map((n) => LAYERS.indexOf(n.layer)));
}

/** Builds one stack's model. */
export function buildStack(view: StackView): StackModel {
    const id = slug(view.variant ? `${view.stack}-${view.variant}` : view.stack);
    const g = new Grouping(id, view.resources);
    const providers = new Map(view.resources.filter((r) => r.type.startsWith("pulumi:providers:")).map((r) => [r.urn, r]));
    const violationsByUrn = new Map<string, ReportViolation[]>();
    const stackViolations: ReportViolation[] = [];
    for (const v of view.violations) {
        const rv: ReportViolation = { ...v, remediation: view.remediation?.[v.policyName] };
        delete (rv as { urn?: string }).urn;
        const target = v.urn && g.byUrn.get(v.urn) && g.byUrn.get(v.urn)!.type !== STACK_TYPE ? violationsByUrn : undefined;
        if (target) {
            target.set(v.urn, [...(target.get(v.urn) ?? []), rv]);
        } else {
            stackViolations.push(rv);
        }
    }
    const regions = new Map<string, RegionGroup>();
    const components = new Map<string, ComponentGroup>();
    const nodes = new Map<string, ArchNode>();
    const shown = view.resources.filter((r) => r.type !== STACK_TYPE && !r.type.startsWith("pulumi:"));
    const index = identityIndex(shown.map((r) => ({ r, tag: r.urn })));
    const namedBy = namingNodes(shown, index, g.byUrn);
    for (const r of shown) {
        const region = regionOf(r, providers, view.region);
        const top = g.topComponent(r);
        const regionId = `${id}/${slug(region)}`;
        if (!regions.has(regionId)) {
            regions.set(regionId, { id: regionId, region, components: [] });
        }
        const componentId = `${regionId}/${slug(top.name)}`;
        let component = components.get(componentId);
        if (!component) {
            component = { id: componentId, name: top.name, type: top.type, status: "ok", nodes: [], resources: [] };
            components.set(componentId, component);
            regions.get(regionId)!.components.push(component);
        }
        const res = detail(r, violationsByUrn.get(r.urn) ?? []);
        const anchor = g.nodeAncestor(r) ?? referencedNode(r, top, g, index, namedBy);
        if (!anchor) {
            component.resources.push(res);
            g.owner.set(r.urn, componentId);
            continue;
        }
        const kind = NODE_KINDS[anchor.type];
        const nodeId = `${componentId}/${slug(kind.aggregate ? anchor.type : `${anchor.type}:${memberKey(anchor.name)}`)}`;
        let node = nodes.get(nodeId);
        if (!node) {
            node = { id: nodeId, name: kind.aggregate ? kind.label : memberKey(anchor.name), label: kind.label, layer: kind.layer, status: "ok", resources: [] };
            nodes.set(nodeId, node);
            component.nodes.push(node);
        }
        node.resources.push(res);
        g.owner.set(r.urn, nodeId);
    }
    for (const node of nodes.values()) {
        node.status = statusOf(node.resources.flatMap((r) => r.violations));
        const members = new Set(node.resources.filter((r) => NODE_KINDS[r.type]).map((r) => r.urn)).size;
        if (members > 1) {
            node.name = `${node.name} ×${members}`;
        }
    }
    for (const c of components.values()) {
        c.status = worst([statusOf(c.resources.flatMap((r) => r.violations)), ...c.nodes.map((n) => n.status)]);
    }
    for (const region of regions.values()) {
        region.components.sort((a, b) => readingOrder(a) - readingOrder(b));
    }
    const allRegions = [...regions.values()].sort((a, b) =>
        (a.region === view.region ? -1 : b.region === view.region ? 1 : a.region.localeCompare(b.region)));
    return {
        id,
        stack: view.stack,
        variant: view.variant,
        region: view.region,
        status: worst([statusOf(stackViolations), ...[...components.values()].map((c) => c.status)]),
        regions: allRegions,
        edges: stackEdges(view, g.owner),
        stackViolations,
        resourceCount: shown.length,
    };
}

/** The whole picture: every stack, and the cross-region links between their nodes. */
export function buildArchitecture(views: StackView[]): ArchitectureModel {
    const stacks = views.map(buildStack);
    return { stacks, links: crossLinks(views, stacks) };
}
