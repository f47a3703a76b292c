import { PolicyResource } from "@pulumi/policy";

import { stackAccount } from "../lib/account";
import { stackPolicy } from "../lib/define";
import { GUIDE_NAMES, GuideName } from "../lib/facts/guideNames";
import { known } from "../lib/stack";

const PENDING = Symbol("not known yet");

/** The guide name with the stack's account filled in. */
const resolved = (name: GuideName, account: string | undefined) => name.value.replace("{account}", account ?? "{account}");

/**
 * Whether some resource carries the name: a known input equal to it (or under it, for a path).
 * An unknown value (preview) counts as carrying it: the name cannot be judged yet.
 */
export function carriesName(resources: PolicyResource[], name: GuideName, value: string): boolean {
    return resources.some(r => {
        if (!name.types.includes(r.type)) {
            return false;
        }
        const v = known(() => r.props[name.property] as unknown, PENDING);
        if (v === PENDING) {
            return true;
        }
        return typeof v === "string" && (name.prefix ? v.startsWith(value) : v === value);
    });
}

export const guideNamesPresent = stackPolicy<{ exempt: string[] }>({
    name: "guide-names-present",
    description: "The names the operators' guide uses literally in its commands exist in the stack of its environment (prod: cluster, services, repositories, log groups, dashboard, the two alarms, topic, database identifier, name and user, buckets, settings path, trail, Config recorder and bucket, scaling policy; dr: the replica's identifier): a renamed or removed one breaks the runbook at the moment it is needed.",
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
    types: [...new Set(Object.values(GUIDE_NAMES).flat().flatMap(n => n.types))],
    validate: (resources, report, { config }) => {
        const account = stackAccount(resources);
        for (const name of GUIDE_NAMES[config.environment]) {
            const value = resolved(name, account);
            if (config.exempt.includes(value) || config.exempt.includes(name.value) || value.includes("{account}")) {
                continue; // exempt, or the account is not known yet
            }
            if (!carriesName(resources, name, value)) {
                report(`the guide's \`${name.usedBy}\` needs a ${name.types.join(" or ")} whose ${name.property} is ${name.prefix ? "under " : ""}${value}; the stack has none.`);
            }
        }
    },
});
