/**
 * Which management events a trail records, from its event selectors as CloudTrail applies them:
 * no selectors at all means every read and write management event; basic selectors add up (one
 * ReadOnly and one WriteOnly selector together cover both); an advanced selector records
 * management events when it selects `eventCategory` = Management, and only reads or only writes
 * when it also filters on `readOnly`. Filtering management events by anything else (a basic
 * selector's `excludeManagementEventSources`, an advanced selector's `eventSource` or `eventName`)
 * leaves calls unrecorded: disabling or deleting a KMS key is a management event of kms.
 */
import { Props } from "../lib/define";

export interface ManagementCoverage {
    read: boolean;
    write: boolean;
    /**
     * The filters narrowing the management events some selector records to part of the
     * services or calls (`excludeManagementEventSources`, an advanced selector's `eventSource`,
     * `eventName` or other field): the events they leave out go unrecorded unless a selector
     * without filters records them.
     */
    narrowedBy?: string[];
}

interface FieldSelector {
    field?: string;
    equals?: string[];
    notEquals?: string[];
}

function fieldIs(selectors: FieldSelector[], field: string): FieldSelector | undefined {
    return selectors.find(s => String(s.field).toLowerCase() === field.toLowerCase());
}

/** One advanced selector's coverage of management events. */
function advancedCoverage(fieldSelectors: FieldSelector[]): ManagementCoverage {
    const category = fieldIs(fieldSelectors, "eventCategory");
    const management = (category?.equals ?? []).includes("Management") || (category?.notEquals !== undefined && !category.notEquals.includes("Management"));
    if (!management) {
        return { read: false, write: false };
    }
    const readOnly = fieldIs(fieldSelectors, "readOnly");
    const only = readOnly?.equals?.length === 1 ? readOnly.equals[0] : readOnly?.notEquals?.length === 1 ? String(readOnly.notEquals[0] !== "true") : undefined;
    // Any other field (eventSource, eventName, userIdentity.arn…) keeps only part of the management events.
    const narrowedBy = fieldSelectors.filter(f => !["eventcategory", "readonly"].includes(String(f.field).toLowerCase()))
        .map(f => `${f.field} ${Object.entries(f).filter(([k]) => k !== "field").map(([k, v]) => `${k} ${JSON.stringify(v)}`).join(" ")}`);
    return { read: only !== "false", write: only !== "true", ...(narrowedBy.length > 0 ? { narrowedBy } : {}) };
}

/** The management events a trail's properties record. */
export function managementCoverage(props: Props): ManagementCoverage {
    const advanced: { fieldSelectors?: FieldSelector[] }[] = Array.isArray(props.advancedEventSelectors) ? props.advancedEventSelectors : [];
    const basic: { includeManagementEvents?: boolean; readWriteType?: string; excludeManagementEventSources?: string[] }[] = Array.isArray(props.eventSelectors) ? props.eventSelectors : [];
    if (advanced.length === 0 && basic.length === 0) {
        return { read: true, write: true };
    }
    const parts: ManagementCoverage[] = advanced.length > 0
        ? advanced.map(s => advancedCoverage(Array.isArray(s.fieldSelectors) ? s.fieldSelectors : []))
        : basic.filter(s => s.includeManagementEvents !== false).map(s => {
            const type = s.readWriteType ?? "All";
            const excluded = Array.isArray(s.excludeManagementEventSources) ? s.excludeManagementEventSources : [];
            return { read: type !== "WriteOnly", write: type !== "ReadOnly", ...(excluded.length > 0 ? { narrowedBy: [`excludeManagementEventSources ${excluded.join(", ")}`] } : {}) };
        });
    const whole = parts.filter(p => p.narrowedBy === undefined);
    const read = parts.some(p => p.read), write = parts.some(p => p.write);
    // Narrowed only where no unfiltered selector records the same kind (read or write) in full.
    const narrowed = parts.filter(p => p.narrowedBy !== undefined && ((p.read && !whole.some(w => w.read)) || (p.write && !whole.some(w => w.write))));
    return { read, write, ...(narrowed.length > 0 ? { narrowedBy: narrowed.flatMap(p => p.narrowedBy!) } : {}) };
}

/** Why a trail misses management events, or undefined when it records reads and writes in every region. */
export function managementGaps(props: Props): string[] {
    const gaps: string[] = [];
    const coverage = managementCoverage(props);
    if (!coverage.read && !coverage.write) {
        gaps.push("its event selectors record no management events");
    } else if (!coverage.read || !coverage.write) {
        gaps.push(`its event selectors record only ${coverage.read ? "read" : "write"} management events`);
    }
    if (coverage.narrowedBy !== undefined) {
        gaps.push(`its event selectors filter management events (${coverage.narrowedBy.join("; ")}): the calls they leave out, such as KMS key deletion, go unrecorded`);
    }
    if (props.includeGlobalServiceEvents === false) {
        gaps.push("includeGlobalServiceEvents is false: IAM, STS and CloudFront events go unrecorded");
    }
    return gaps;
}
