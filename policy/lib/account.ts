import { PolicyResource } from "@pulumi/policy";

import { accountOf } from "./iam/arn";
import { knownString } from "./stack";

/**
 * The pack-config properties that say whose resources a stack may name. The account is learned
 * from the stack itself unless given; other accounts are trusted only when listed.
 */
export const ACCOUNT_CONFIG = {
    accountId: {
        type: "string", pattern: "^(\\d{12})?$", default: "",
        description: "This stack's AWS account id; empty: learned from the account most of the stack's own resource ARNs name.",
    },
    trustedAccountIds: {
        type: "array", items: { type: "string", pattern: "^\\d{12}$" }, default: [],
        description: "Other accounts the stack may reference or grant to (e.g. the production account, in a disaster-recovery stack kept in another account).",
    },
    organizationId: {
        type: "string", pattern: "^(o-[a-z0-9]{10,32})?$", default: "",
        description: "The AWS Organizations id of the stack's account; empty: none, so an aws:PrincipalOrgID / OrgPaths / SourceOrgID condition confines nothing.",
    },
} as const;

export interface AccountConfig {
    accountId: string;
    trustedAccountIds: string[];
    /** See ACCOUNT_CONFIG.organizationId. @default "" */
    organizationId?: string;
}

/** The organizations an org condition may name to confine requesters: ours, when configured. */
export function trustedOrganizations(config: AccountConfig): string[] {
    return config.organizationId ? [config.organizationId] : [];
}

/**
 * This stack's account: the configured one, else the account most resources' own `arn` outputs
 * name (a resource added to point elsewhere cannot outvote the stack). Undefined when no
 * resource has a known ARN yet (a first preview), so callers judge nothing rather than guess.
 */
export function stackAccount(resources: PolicyResource[], configured?: string): string | undefined {
    if (configured) {
        return configured;
    }
    const votes = new Map<string, number>();
    for (const r of resources) {
        const arn = knownString(r, "arn");
        const account = arn === undefined ? undefined : accountOf(arn);
        if (account !== undefined) {
            votes.set(account, (votes.get(account) ?? 0) + 1);
        }
    }
    return [...votes.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The accounts a stack may name: its own and the configured trusted ones. */
export function trustedAccounts(resources: PolicyResource[], config: AccountConfig): string[] {
    const own = stackAccount(resources, config.accountId);
    return [...(own ? [own] : []), ...config.trustedAccountIds];
}
