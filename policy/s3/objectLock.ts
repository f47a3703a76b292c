/**
 * Object Lock's default retention forbids deleting or overwriting every new object version for
 * its period. In COMPLIANCE mode nobody, the account root included, can shorten it or delete the
 * version before it ends: right for a backup copy that ransomware must not erase and for the audit trail an intruder
 * would erase first, wrong anywhere
 * else (an asset or upload that must be replaced, erased on a customer's request, or just stops
 * costing money). GOVERNANCE mode can be lifted by an operator with s3:BypassGovernanceRetention.
 */

/** A bucket's Object Lock rule as BucketObjectLockConfiguration takes it. */
export interface ObjectLockRule {
    defaultRetention?: { mode?: string; days?: number; years?: number };
}

/** Why a default retention is out of bounds for the bucket, or undefined. */
export function objectLockProblem(rule: ObjectLockRule | undefined, complianceAllowed: boolean, maximumDays: number): string | undefined {
    const retention = rule?.defaultRetention;
    if (!retention) {
        return undefined;
    }
    const days = (retention.days ?? 0) + (retention.years ?? 0) * 365;
    const mode = String(retention.mode ?? "").toUpperCase();
    const problems: string[] = [];
    if (mode === "COMPLIANCE" && !complianceAllowed) {
        problems.push("COMPLIANCE mode: no one, the account root included, can delete or shorten a locked version (GOVERNANCE can be lifted by an operator); COMPLIANCE belongs to backup and evidence buckets only");
    }
    if (days > maximumDays) {
        problems.push(`retains every version ${days} days, beyond objectLockMaximumDays ${maximumDays}: versions cannot be deleted or replaced for that long`);
    }
    return problems.length === 0 ? undefined : problems.join("; ");
}
