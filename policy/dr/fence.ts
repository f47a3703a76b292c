/**
 * A fenced region (prod after a failover, dr in `failback`) must take no write from its own
 * application while the other region holds the data: no task runs, nothing scales one up, and its
 * data stores admit no task. Each layer alone leaves the other open: a service at zero with an
 * auto-scaling floor of 2 starts two writers at once, and a store still open to the task security
 * group takes writes from any task an operator starts by hand (the guide's `update-service
 * --desired-count`). Which state the stack is in is read from the stack itself (policy/lib/role.ts
 * `regionState`).
 */
import { fencedProperty } from "../lib/config";
import { stackPolicy } from "../lib/define";
import { FENCED_PHASES } from "../lib/facts/failoverPhase";
import { FENCED_CAPACITY } from "../lib/facts/servingCapacity";
import { fenceMismatch, regionState } from "../lib/role";
import { PathResource, StackIndex } from "../paths/model";
import { cidrContains, covers, SECURITY_GROUP, securityGroupRules } from "../paths/network";
import { pathResourceOf } from "../paths/policy";
import { numberOf } from "../ecs/servingCapacity";
import { storesOf } from "../paths/reach";
import { ECS_SERVICE } from "../paths/tasks";

const TARGET = "aws:appautoscaling/target:Target";
const SCHEDULED_ACTION = "aws:appautoscaling/scheduledAction:ScheduledAction";
const DESIRED_COUNT = "ecs:service:DesiredCount";
const SUBNET = "aws:ec2/subnet:Subnet";

/** Why capacity bounds let a fenced service run a task: a floor above zero, a ceiling above FENCED_CAPACITY's. */
export function fencedBoundsProblems(where: string, bounds: { minCapacity?: unknown; maxCapacity?: unknown }): string[] {
    const min = numberOf(bounds.minCapacity);
    const max = numberOf(bounds.maxCapacity);
    return [
        ...(min !== undefined && min > FENCED_CAPACITY.minCapacity ? [`${where} minCapacity ${min}: Application Auto Scaling starts ${min} task${min === 1 ? "" : "s"} at once`] : []),
        ...(max !== undefined && max > FENCED_CAPACITY.maxCapacity ? [`${where} maxCapacity ${max}, above ${FENCED_CAPACITY.maxCapacity}: a desired count set by hand is not clamped back`] : []),
    ];
}

/** Why the services may run a task: a desired count above zero, or auto-scaling bounds that start or keep one. */
function capacityProblems(ix: StackIndex): Array<{ problem: string; resource: PathResource }> {
    const problems: Array<{ problem: string; resource: PathResource }> = [];
    for (const service of ix.ofType(ECS_SERVICE)) {
        const desired = numberOf(service.props.desiredCount);
        if (desired !== undefined && desired > FENCED_CAPACITY.desiredCount) {
            problems.push({ problem: `service ${service.props.name ?? service.name} has desiredCount ${desired}`, resource: service });
        }
    }
    // Every desired-count target and scheduled action of the stack: a fenced stack scales none up.
    const onDesiredCount = (r: PathResource) => [DESIRED_COUNT, undefined].includes(r.props.scalableDimension as string | undefined);
    for (const target of ix.ofType(TARGET).filter(onDesiredCount)) {
        for (const problem of fencedBoundsProblems(`scalable target ${target.props.resourceId ?? target.name} has`, target.props)) {
            problems.push({ problem, resource: target });
        }
    }
    for (const action of ix.ofType(SCHEDULED_ACTION).filter(onDesiredCount)) {
        const bounds = (action.props.scalableTargetAction ?? {}) as { minCapacity?: unknown; maxCapacity?: unknown };
        for (const problem of fencedBoundsProblems(`scheduled action ${action.props.name ?? action.name} (${String(action.props.schedule ?? "?")}) sets`, bounds)) {
            problems.push({ problem, resource: action });
        }
    }
    return problems;
}

/**
 * Each ingress rule of a data store's security groups, on the store's port, that admits the
 * application's tasks: it names a security group an ECS service's tasks run with (by a rule
 * resource, a legacy rule or the group's inline `ingress`, `self` included), or an IPv4 block
 * overlapping a subnet they run in (a task started by hand with any group lands there).
 */
function openStoreProblems(ix: StackIndex): Array<{ problem: string; resource: PathResource }> {
    const services = ix.ofType(ECS_SERVICE);
    const taskGroups = new Set(services.flatMap(s => ix.refs(s, "networkConfiguration", SECURITY_GROUP)));
    const taskBlocks = [...new Set(services.flatMap(s => ix.refs(s, "networkConfiguration", SUBNET)))]
        .map(s => s.props.cidrBlock).filter((c): c is string => typeof c === "string");
    const overlaps = (a: string, b: string) => cidrContains(a, b) || cidrContains(b, a);
    const rules = securityGroupRules(ix).filter(r => r.direction === "ingress");
    const problems: Array<{ problem: string; resource: PathResource }> = [];
    for (const store of storesOf(ix)) {
        for (const rule of rules.filter(r => store.groups.includes(r.group) && covers(r, store.port))) {
            const groups = rule.peers.filter(p => taskGroups.has(p));
            const blocks = rule.cidrs.filter(c => taskBlocks.some(b => overlaps(c, b)));
            if (groups.length === 0 && blocks.length === 0) continue;
            const what = [...groups.map(g => `the tasks' security group ${g.props.name ?? g.name}`), ...blocks.map(b => `${b}, which holds the tasks' subnets`)].join(" and ");
            problems.push({
                problem: `${store.kind} ${store.resource.name}'s security group ${rule.group.props.name ?? rule.group.name} admits ${what} on ${store.port} ` +
                    `(${rule.declaredBy === rule.group ? "an inline ingress rule" : `rule ${rule.declaredBy.name}`}): a task started by hand writes to data the other region has taken over`,
                resource: rule.declaredBy,
            });
        }
    }
    return problems;
}

export const drFencedRegionClosed = stackPolicy<{ fenced: boolean }>({
    name: "dr-fenced-region-closed",
    description: `A fenced region (prod fenced, read from its drFenced output or else the policy config's fenced; dr in ${FENCED_PHASES.join(", ")}, read from its database's FailoverPhase tag or drPhase output) takes no write from its application: ` +
        `every ECS service at desiredCount ${FENCED_CAPACITY.desiredCount}, every Application Auto Scaling target and scheduled action on a desired count with minCapacity ${FENCED_CAPACITY.minCapacity} and maxCapacity at most ${FENCED_CAPACITY.maxCapacity}, ` +
        "and no data store (PostgreSQL, Redis) whose security groups admit, on its port, a security group the services' tasks run with or an address block of their subnets (rule resources, legacy rules or inline rules alike). " +
        "A policy config saying prod is fenced while its drFenced output says it serves is refused too.",
    enforcementLevel: "mandatory",
    environments: ["prod", "dr"],
    metadata: {
        severity: "high",
        guideSection: "Disaster Recovery › AWS Multi-Region Recovery (fail back: the old primary takes no writes while the data moves)",
        fsbpControl: undefined,
        remediationSteps: "Deploy the fence as the program renders it (components/dr/phase.ts): services at 0 with their scalable targets at min 0, max 1, and the data stores' " +
            "security groups without the backend's rule (stack/data.ts gives a fenced stack no allowed sources). To serve again, set expertconnect:dr.fenced false (prod) or move dr to standby.",
    },
    config: {
        fenced: fencedProperty("its services must run no task and its data stores admit none"),
    },
    types: [ECS_SERVICE, TARGET, SCHEDULED_ACTION, SECURITY_GROUP, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:ec2/securityGroupRule:SecurityGroupRule", "pulumi:pulumi:Stack"],
    validate: (resources, report, { config }) => {
        const mismatch = fenceMismatch(config.environment, config.fenced, resources);
        if (mismatch) report(mismatch);
        const state = regionState(config.environment, config.fenced, resources);
        if (!state?.fenced) return;
        const ix = new StackIndex(resources.map(pathResourceOf));
        const why = `the stack is fenced (${config.environment}: ${state.phase}) while the other region holds production's data`;
        for (const { problem, resource } of [...capacityProblems(ix), ...openStoreProblems(ix)]) {
            report(`${problem}; ${why}.`, resource.urn);
        }
    },
});

