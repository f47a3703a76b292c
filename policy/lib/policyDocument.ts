/** One IAM statement, with the fields the pack inspects. */
export interface Statement {
    Effect?: string;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    Principal?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}

/** A value that IAM allows as a string or a list, always as a list. */
export function listOf(value: unknown): unknown[] {
    if (value === undefined || value === null) {
        return [];
    }
    return Array.isArray(value) ? value : [value];
}

/**
 * The statements of a policy document given as JSON text or as an object. Undefined when the
 * document is not valid JSON: the caller reports that, because AWS would reject it anyway.
 */
export function statementsOf(document: unknown): Statement[] | undefined {
    let parsed: unknown = document;
    if (typeof document === "string") {
        try {
            parsed = JSON.parse(document);
        } catch {
            return undefined;
        }
    }
    if (typeof parsed !== "object" || parsed === null) {
        return undefined;
    }
    return listOf((parsed as { Statement?: unknown }).Statement) as Statement[];
}

/** True when the principal is everyone (`"*"` or `{"AWS": "*"}`). */
export function isPublicPrincipal(principal: unknown): boolean {
    if (principal === "*") {
        return true;
    }
    if (typeof principal === "object" && principal !== null) {
        return listOf((principal as { AWS?: unknown }).AWS).includes("*");
    }
    return false;
}
