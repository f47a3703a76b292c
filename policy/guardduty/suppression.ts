/**
 * Which GuardDuty findings the stack's own settings silence, judged as GuardDuty applies them:
 * a filter with action ARCHIVE archives every new finding matching all its criteria (archived
 * findings raise no EventBridge alert), and a trusted IP list makes GuardDuty produce no finding
 * at all for traffic from the addresses in its file.
 */
import { Props } from "../lib/define";

/** GuardDuty's severity scale: findings run from 1.0 (low) to 10 (critical; 8.9 and below in practice). */
const SEVERITY_MAX = 10;

/** The severity range [low, high] a filter's criteria admit (criterions in the Pulumi or API shape). */
function severityRange(criteria: Props[]): [number, number] {
    let low = 0, high = SEVERITY_MAX;
    for (const c of criteria.filter(x => String(x.field).toLowerCase() === "severity")) {
        const num = (k: string) => (c[k] !== undefined && Number.isFinite(Number(c[k])) ? Number(c[k]) : undefined);
        const gte = num("greaterThanOrEqual") ?? num("gte"), gt = num("greaterThan") ?? num("gt");
        const lte = num("lessThanOrEqual") ?? num("lte"), lt = num("lessThan") ?? num("lt");
        // Severities have one decimal: > 5 starts at 5.1.
        low = Math.max(low, gte ?? -Infinity, gt !== undefined ? Math.round(gt * 10 + 1) / 10 : -Infinity);
        high = Math.min(high, lte ?? Infinity, lt !== undefined ? Math.round(lt * 10 - 1) / 10 : Infinity);
        const equals: unknown[] = Array.isArray(c.equals) ? c.equals : Array.isArray(c.eq) ? c.eq : [];
        if (equals.length > 0) {
            const values = equals.map(Number).filter(Number.isFinite);
            low = Math.max(low, Math.min(...values));
            high = Math.min(high, Math.max(...values));
        }
    }
    return [low, high];
}

/** The criterions of a filter's findingCriteria (Pulumi's `criterions`, or the API's map of field → condition). */
export function criterions(findingCriteria: unknown): Props[] {
    const f = (findingCriteria ?? {}) as Props;
    if (Array.isArray(f.criterions)) {
        return f.criterions;
    }
    const map = (f.criterion ?? f.Criterion) as Props | undefined;
    return map && typeof map === "object" ? Object.entries(map).map(([field, condition]) => ({ field, ...(condition as Props) })) : [];
}

/**
 * GuardDuty's threat purposes (the first part of a finding type, `Purpose:Resource/Family`) that
 * report an attack under way, or a defence taken down: archiving one of them by type alone hides
 * it wherever it happens. Stealth findings are the trail or access logging being disabled and the
 * password policy weakened (an intruder covering tracks), Policy findings the root user's use and
 * public access opened on a bucket or the account. Recon, Discovery and PenTest are the usual,
 * reviewable noise.
 */
export const ATTACK_PURPOSES: readonly string[] = [
    "AttackSequence", "Backdoor", "CredentialAccess", "CryptoCurrency", "DefenseEvasion", "Execution", "Exfiltration",
    "Impact", "InitialAccess", "Persistence", "Policy", "PrivilegeEscalation", "Stealth", "Trojan", "UnauthorizedAccess",
];

/** Fields naming who acted: the remote address, account or domain, the calling key or principal, the user agent. */
const ACTOR_FIELD = /(remoteIpDetails\.ipAddressV[46]|remoteAccountDetails\.accountId|dnsRequestAction\.domain|userAgent|accessKeyDetails\.(accessKeyId|principalId|userName))$/i;
/** Fields naming one affected resource (not its kind): an instance, bucket, cluster, task, image, function, database. */
const INSTANCE_FIELD = /^resource\..*(instanceId|imageId|name|arn|functionName|dbInstanceIdentifier|dbClusterIdentifier|definitionArn|taskArn|image|user)$/i;

/** What a filter's equality criteria pin: finding types, actors, affected resources (field paths as written). */
function pinned(criteria: Props[]): { types: string[]; actors: string[]; instances: string[] } {
    const out = { types: [] as string[], actors: [] as string[], instances: [] as string[] };
    for (const c of criteria) {
        const field = String(c.field);
        const values = ["equals", "eq", "matches"].flatMap(k => (Array.isArray(c[k]) ? c[k] as unknown[] : [])).map(String).filter(v => v !== "" && v !== "*");
        if (values.length === 0) {
            continue;
        }
        if (field.toLowerCase() === "type") {
            out.types.push(...values);
        } else if (ACTOR_FIELD.test(field)) {
            out.actors.push(field);
        } else if (INSTANCE_FIELD.test(field) && !/resourceType$/i.test(field)) {
            out.instances.push(field);
        }
    }
    return out;
}

/**
 * Why an ARCHIVE filter silences findings the stack alerts on (severity `alertSeverity` and
 * above), or undefined when it doesn't. Archiving is narrow when it names who acted (a scanner's
 * address, a known caller), or finding types that are noise (Recon, Discovery, PenTest), or
 * attack types together with the one resource or actor they are benign for; it is broad when it
 * names only a kind (resource type, action type), only a resource (every finding on it), or
 * attack types everywhere — unless its severity range stays below the alert threshold.
 */
export function suppressionProblem(action: string | undefined, findingCriteria: unknown, alertSeverity: number): string | undefined {
    if (String(action ?? "NOOP").toUpperCase() !== "ARCHIVE") {
        return undefined;
    }
    const criteria = criterions(findingCriteria);
    const [low, high] = severityRange(criteria);
    if (high < alertSeverity || low > high) {
        return undefined;
    }
    const { types, actors, instances } = pinned(criteria);
    if (actors.length > 0) {
        return undefined;
    }
    const attacks = types.filter(t => ATTACK_PURPOSES.includes(t.split(":")[0]));
    if (types.length > 0 && (attacks.length === 0 || instances.length > 0)) {
        return undefined;
    }
    const including = `including those the stack alerts on (severity ${alertSeverity} and above)`;
    if (attacks.length > 0) {
        return `archives ${attacks.slice(0, 3).join(", ")}${attacks.length > 3 ? ` (and ${attacks.length - 3} more)` : ""} findings on any resource from any actor: ` +
            `these report an attack under way or a defence taken down (${[...new Set(attacks.map(t => t.split(":")[0]))].join(", ")}), ${including}; pin the resource or the actor they are benign for`;
    }
    if (instances.length > 0) {
        return `archives every finding on the resource it names (${instances.join(", ")}), of any type, ${including}`;
    }
    const range = low <= 0 && high >= SEVERITY_MAX ? "" : ` of severity ${Math.max(low, 0)}${high < SEVERITY_MAX ? ` to ${high}` : " and above"}`;
    return `archives every finding${range} without naming a finding type or actor (a resource or action type is a kind, not a finding), ${including}`;
}

/** The lowest severity an EventBridge pattern (parsed) on GuardDuty findings alerts on, or undefined when it is not about them. */
export function alertThreshold(pattern: Props): number | undefined {
    const sources: unknown[] = Array.isArray(pattern?.source) ? pattern.source : [];
    if (!sources.includes("aws.guardduty")) {
        return undefined;
    }
    const severity: unknown[] = Array.isArray(pattern.detail?.severity) ? pattern.detail.severity : [];
    if (severity.length === 0) {
        return 0;
    }
    const lows = severity.map(m => {
        if (typeof m === "number") {
            return m;
        }
        const numeric: unknown[] = Array.isArray((m as Props)?.numeric) ? (m as Props).numeric : [];
        for (let i = 0; i < numeric.length - 1; i += 2) {
            if ([">=", ">", "="].includes(String(numeric[i]))) {
                return Number(numeric[i + 1]);
            }
        }
        return 0; // An upper bound only, or another matcher: from the bottom of the scale.
    });
    return Math.min(...lows.filter(Number.isFinite));
}
