/**
 * Which management events a trail records, from its event selectors as CloudTrail applies them:
 * no selectors at all means every read and write management event; basic selectors add up (one
 * ReadOnly and one WriteOnly selector together cover both); an advanced selector records
 * management events when it selects `eventCategory` = Management, and only reads or only writes
 * when it also filters on `readOnly`.
 */
import { Props } from "../lib/define";

export interface ManagementCoverage {
    read: boolean;
    write: boolean;
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
    return { read: only !== "false", write: only !== "true" };
}

/** The management events a trail's properties record. */
export function managementCoverage(props: Props): ManagementCoverage {
    const advanced: { fieldSelectors?: FieldSelector[] }[] = Array.isArray(props.advancedEventSelectors) ? props.advancedEventSelectors : [];
    const basic: { includeManagementEvents?: boolean; readWriteType?: string }[] = Array.isArray(props.eventSelectors) ? props.eventSelectors : [];
    if (advanced.length === 0 && basic.length === 0) {
        return { read: true, write: true };
    }
    const parts: ManagementCoverage[] = advanced.length > 0
        ? advanced.map(s => advancedCoverage(Array.isArray(s.fieldSelectors) ? s.fieldSelectors : []))
        : basic.filter(s => s.includeManagementEvents !== false).map(s => {
            const type = s.readWriteType ?? "All";
            return { read: type !== "WriteOnly", write: type !== "ReadOnly" };
        });
    return { read: parts.some(p => p.read), write: parts.some(p => p.write) };
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
    if (props.includeGlobalServiceEvents === false) {
        gaps.push("includeGlobalServiceEvents is false: IAM, STS and CloudFront events go unrecorded");
    }
    return gaps;
}
