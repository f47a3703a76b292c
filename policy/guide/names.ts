import { PolicyResource } from "@pulumi/policy";

import { stackAccount } from "../lib/account";
import { stackPolicy } from "../lib/define";
import { GUIDE_NAMES, GuideName } from "../lib/facts/guideNames";
import { knownDeep } from "../lib/stack";
import { dashboardProblems } from "./dashboard";

const PENDING = Symbol("not known yet");

/** The guide name with the stack's account filled in. */
const resolved = (name: GuideName, account: string | undefined) => name.value.replace("{account}", account ?? "{account}");

/** The names a value offers: itself, or the `item` key of each entry of the JSON list it holds. */
function offered(v: unknown, item: string | undefined): string[] {
    if (item === undefined) {
        return typeof v === "string" ? [v] : [];
    }
    let list: unknown = v;
    if (typeof v === "string") {
        try {
            list = JSON.parse(v);
        } catch {
            return [];
        }
    }
    return Array.isArray(list) ? list.map(e => (e as Record<string, unknown> | null)?.[item]).filter((n): n is string => typeof n === "string") : [];
}

/** Whether `actual` holds every key of `wanted` with an equal value (nested objects key by key). */
export function holds(actual: unknown, wanted: unknown): boolean {
    if (wanted === null || typeof wanted !== "object") {
        return actual === wanted;
    }
    const a = (actual ?? {}) as Record<string, unknown>;
    return typeof actual === "object" && Object.entries(wanted).every(([k, w]) => holds(a[k], w));
}

/**
 * Whether some resource carries the name: a known input equal to it (or under it, for a path; or
 * one item of a JSON list named so), on a resource that also holds the name's `where` inputs.
 * An unknown value (preview) counts as carrying it: the name cannot be judged yet.
 */
export function carriesName(resources: PolicyResource[], name: GuideName, value: string): boolean {
    return resources.some(r => name.types.includes(r.type) && carries(r, name, value));
}

/** The resources of the name's types that do not carry it (for a name every one of them must carry). */
export function strays(resources: PolicyResource[], name: GuideName, value: string): PolicyResource[] {
    return resources.filter(r => name.types.includes(r.type) && !carries(r, name, value));
}

function carries(r: PolicyResource, name: GuideName, value: string): boolean {
    const context = name.where === undefined || Object.entries(name.where).every(([k, w]) => {
        const v = knownDeep(() => r.props[k] as unknown, PENDING);
        return v === PENDING || holds(v, w);
    });
    if (!context) {
        return false;
    }
    const v = knownDeep(() => r.props[name.property] as unknown, PENDING);
    if (v === PENDING) {
        return true;
    }
    return offered(v, name.item).some(n => name.prefix ? n.startsWith(value) : n === value);
}

/** Where the name must be, for the message: the input, the item in it, and the context. */
function wanted(name: GuideName, value: string): string {
    const input = name.item === undefined ? `whose ${name.property} is` : `whose ${name.property} has an item with ${name.item}`;
    const where = name.where === undefined ? "" : ` and ${JSON.stringify(name.where)}`;
    return `a ${name.types.join(" or ")} ${input} ${name.prefix ? "under " : ""}${value}${where}`;
}

export const guideNamesPresent = stackPolicy<{ exempt: string[] }>({
    name: "guide-names-present",
    description: "The names the operators' guide uses literally in its commands exist in the stack of its environment (prod: cluster, services, repositories, log groups, dashboard, the two alarms, topic, database identifier, name and user, buckets, settings path, trail, Config recorder, delivery channel and bucket, the container the guide execs into in the backend's task family, each service's scalable target and CPU target-tracking policy `cpu-tracking-scaling-policy`; dr: the replica's identifier, and what the failover runbook uses once dr serves: its cluster, services, dashboard `ExpertConnect-DR-Dashboard` and each service's scalable target and CPU target-tracking policy): a renamed or removed one breaks the runbook at the moment it is needed; and the environment's guide dashboard shows what the guide map says (policy/lib/facts/guideDashboard.ts: ECS CPU/memory, ALB requests/5xx/latency, RDS CPU/connections/storage, replica lag where a replica is held, Redis) as metric lines on this stack's resources.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: "The guide's commands (guide map: Names the guide's commands depend on)",
        remediationSteps: "Keep the name the guide uses (lib/naming.ts builds them); where a resource is run by the organization instead (Config, a shared trail), list the name in the policy's exempt config.",
    },
    environments: ["prod", "dr"],
    config: {
        exempt: {
            type: "array", items: { type: "string", minLength: 1 }, default: [],
            description: "Names the stack need not hold (e.g. `default` when the organization runs AWS Config); default none.",
        },
    },
    types: [...new Set([...Object.values(GUIDE_NAMES).flat().flatMap(n => n.types), "aws:cloudwatch/dashboard:Dashboard"])],
    validate: (resources, report, { config }) => {
        for (const problem of dashboardProblems(resources, config.environment)) {
            report(problem.message, problem.urn);
        }
        const account = stackAccount(resources);
        for (const name of GUIDE_NAMES[config.environment]) {
            const value = resolved(name, account);
            if (config.exempt.includes(value) || config.exempt.includes(name.value) || value.includes("{account}")) {
                continue; // exempt, or the account is not known yet
            }
            if (!carriesName(resources, name, value)) {
                report(`the guide's \`${name.usedBy}\` needs ${wanted(name, value)}; the stack has none.`);
            }
            for (const r of name.every ? strays(resources, name, value) : []) {
                report(`the guide's \`${name.usedBy}\` lists every ${r.type} by its ${name.property}: move ${r.name} ${name.prefix ? "under" : "to"} ${value} (the command does not show it where it is).`);
            }
        }
    },
});
