import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { EVENT_RULE, GUARDDUTY_FILTER, GUARDDUTY_IP_SET } from "../lib/tokens";
import { rentable } from "../waf/attacker";
import { alertThreshold, suppressionProblem } from "./suppression";
import { listContent, listedAddresses } from "./trustedList";

export const guarddutyFindingsNotSuppressed = stackPolicy<{ defaultAlertSeverity: number; trustedIpListLocations: string[] }>({
    name: "guardduty-findings-not-suppressed",
    description: "GuardDuty findings the stack alerts on are not silenced: no filter archives findings at or above the alert rule's severity without naming which finding type or resource it archives, and no trusted IP list is active unless its location is one the config vets and the list the stack writes there spans no address space anyone can rent (judged by its addresses when the file is an S3 object of the stack).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices › Enable AWS GuardDuty",
        remediationSteps: "Give an ARCHIVE filter a criterion naming what it archives (type equals the benign finding type, or the resource), or keep its severity below the alert rule's threshold, or make it NOOP; deactivate trusted IP lists (activate: false), or list the vetted location in trustedIpListLocations when the security team controls who can write it.",
    },
    config: {
        defaultAlertSeverity: {
            type: "number",
            minimum: 0,
            maximum: 10,
            default: 7,
            description: "Severity from which findings must alert when the stack has no EventBridge rule on GuardDuty findings (default 7, HIGH).",
        },
        trustedIpListLocations: {
            type: "array",
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
            default: [],
            description: "Locations (S3 URLs) of trusted IP lists the security team vets and alone can write; any other active list is refused (default: none).",
        },
    },
    types: [...GUARDDUTY_FILTER, ...GUARDDUTY_IP_SET],
    validate: (resources, report, { config }) => {
        // The alert rules' lowest threshold: a filter archiving above it silences an alert.
        const thresholds = ofType(resources, EVENT_RULE).flatMap(rule => {
            const pattern = knownString(rule, "eventPattern");
            try {
                const threshold = pattern === undefined ? undefined : alertThreshold(JSON.parse(pattern));
                return threshold === undefined ? [] : [threshold];
            } catch {
                return [];
            }
        });
        const alertSeverity = thresholds.length > 0 ? Math.min(...thresholds) : config.defaultAlertSeverity;
        for (const filter of ofType(resources, GUARDDUTY_FILTER)) {
            const criteria = knownDeep(() => filter.props.findingCriteria as object, null);
            const action = known(() => filter.props.action as string | undefined, null);
            if (criteria === null || action === null) {
                continue; // Unknown during preview: can't judge.
            }
            const problem = suppressionProblem(action ?? undefined, criteria, alertSeverity);
            if (problem !== undefined) {
                report(`GuardDuty filter ${knownString(filter, "name") ?? filter.name} (action ARCHIVE) ${problem}: they are archived before anyone is alerted; name the finding type or resource in findingCriteria, or use action NOOP.`, filter.urn);
            }
        }
        for (const list of ofType(resources, GUARDDUTY_IP_SET)) {
            const location = knownString(list, "location");
            if (known(() => list.props.activate, true) === false || location === undefined) {
                continue;
            }
            // Even a vetted location must list a bounded set: the file the stack writes there is judged by its addresses.
            const content = listContent(resources, location);
            const addresses = content === undefined ? [] : listedAddresses(content);
            if (addresses.length > 0 && rentable(addresses)) {
                report(`trusted IP list ${knownString(list, "name") ?? list.name} at ${location} lists ${addresses.slice(0, 4).join(", ")}${addresses.length > 4 ? ", …" : ""}: address space anyone can rent (or ordinary internet clients), so GuardDuty produces no finding for attacks from there; list only the addresses the team operates (a few /24s at most).`, list.urn);
                continue;
            }
            if (config.trustedIpListLocations.includes(location)) {
                continue;
            }
            report(`trusted IP list ${knownString(list, "name") ?? list.name} is active from ${location}: GuardDuty produces no finding for traffic from the addresses in that file, so whoever can write it silences detection; set activate false or vet the location in trustedIpListLocations.`, list.urn);
        }
    },
});
