import { PolicyResource, ReportViolation } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { known, knownDeep, knownString, ofType } from "../lib/stack";
import { EVENT_RULE, GUARDDUTY_FILTER, GUARDDUTY_IP_SET } from "../lib/tokens";
import { rentable } from "../waf/attacker";
import { ArchiveFilter, archiveRuleProblem } from "./accessAnalyzer";
import { automationRuleProblem, configurationPolicyDisables, controlId, DisabledControl, disabledControlProblem, SEVERITY_LABELS, SeverityLabel } from "./securityHub";
import { alertThreshold, suppressionProblem } from "./suppression";
import { listContent, listedAddresses } from "./trustedList";

const SH_CONTROL_ASSOCIATION = ["aws:securityhub/standardsControlAssociation:StandardsControlAssociation"] as const;
const SH_CONTROL = ["aws:securityhub/standardsControl:StandardsControl"] as const;
const SH_CONFIGURATION_POLICY = ["aws:securityhub/configurationPolicy:ConfigurationPolicy"] as const;
const SH_AUTOMATION_RULE = ["aws:securityhub/automationRule:AutomationRule"] as const;
const ANALYZER_ARCHIVE_RULE = ["aws:accessanalyzer/archiveRule:ArchiveRule"] as const;

interface Config {
    defaultAlertSeverity: number;
    trustedIpListLocations: string[];
    securityHubMinimumSeverity: SeverityLabel;
    securityHubDisabledControls: DisabledControl[];
}

/** Security Hub controls disabled and automation rules that hide findings, unless the config vets the control. */
function checkSecurityHub(resources: PolicyResource[], report: ReportViolation, config: Config): void {
    const allowed = config.securityHubDisabledControls;
    const disabled = (resource: PolicyResource, controls: string[]) => {
        const problem = disabledControlProblem(controls, allowed);
        if (problem !== undefined) {
            report(`Security Hub ${resource.name} ${problem}; enable it, or list it with the reason in securityHubDisabledControls once the security team accepts the risk.`, resource.urn);
        }
    };
    for (const association of ofType(resources, SH_CONTROL_ASSOCIATION)) {
        const status = known(() => association.props.associationStatus as string | undefined, null);
        const id = knownString(association, "securityControlId");
        if (String(status).toUpperCase() === "DISABLED" && id !== undefined) disabled(association, [id]);
    }
    for (const control of ofType(resources, SH_CONTROL)) {
        const status = known(() => control.props.controlStatus as string | undefined, null);
        const id = controlId(knownString(control, "standardsControlArn"));
        if (String(status).toUpperCase() === "DISABLED" && id !== undefined) disabled(control, [id]);
    }
    for (const policy of ofType(resources, SH_CONFIGURATION_POLICY)) {
        const settings = knownDeep(() => policy.props.configurationPolicy as object, null);
        const off = settings === null ? [] : configurationPolicyDisables(settings);
        if (off === "all") {
            report(`Security Hub configuration policy ${knownString(policy, "name") ?? policy.name} disables Security Hub or enables only a list of controls (every other control, new ones included, produces no finding); set serviceEnabled true and list exceptions in disabledControlIdentifiers.`, policy.urn);
        } else if (off.length > 0) {
            disabled(policy, off);
        }
    }
    for (const rule of ofType(resources, SH_AUTOMATION_RULE)) {
        const props = knownDeep(() => ({ ruleStatus: rule.props.ruleStatus, criteria: rule.props.criteria, actions: rule.props.actions }), null);
        const problem = props === null ? undefined : automationRuleProblem(props, config.securityHubMinimumSeverity, allowed);
        if (problem !== undefined) {
            report(`Security Hub automation rule ${knownString(rule, "ruleName") ?? rule.name} ${problem}: real findings disappear from the team's view. ` +
                "Name the resources (criteria.resourceIds) or vetted controls it applies to, or keep its criteria below securityHubMinimumSeverity.", rule.urn);
        }
    }
}

export const guarddutyFindingsNotSuppressed = stackPolicy<Config>({
    name: "guardduty-findings-not-suppressed",
    description: "GuardDuty findings the stack alerts on are not silenced: no filter archives findings at or above the alert rule's severity unless it names who acted (remote address, account, domain, calling key), finding types that are noise (Recon, Discovery, PenTest), or attack finding types together with the resource they are benign for (a resource or action type alone, a resource alone, or attack types on any resource archive real attacks), no trusted IP list is active unless its location is one the config vets and the list the stack writes there spans no address space anyone can rent (judged by its addresses when the file is an S3 object of the stack); " +
        "no IAM Access Analyzer archive rule archives findings without naming who is granted access or the resource (a public bucket or key would never be reported); " +
        "likewise no Security Hub control is disabled (control association, legacy standards control, configuration policy) unless the config lists it with a reason, and no enabled automation rule suppresses, resolves or downgrades findings from securityHubMinimumSeverity up without naming the resources or vetted controls it applies to.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices › Enable AWS GuardDuty",
        remediationSteps: "Give an ARCHIVE filter criteria naming what it archives: the actor (a scanner's remote IP), a noise finding type, or an attack finding type with the resource it is benign for; or keep its severity below the alert rule's threshold, or make it NOOP; deactivate trusted IP lists (activate: false), or list the vetted location in trustedIpListLocations when the security team controls who can write it. " +
            "Give an Access Analyzer archive rule a filter on principal.AWS (or another principal.*) naming the trusted account, or on resource naming the shared resource; " +
            "re-enable Security Hub controls (associationStatus/controlStatus ENABLED) or list each accepted one with its reason in securityHubDisabledControls; give automation rules that suppress or downgrade findings criteria naming the resources (resourceIds) or vetted controls.",
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
        securityHubMinimumSeverity: {
            type: "string",
            enum: [...SEVERITY_LABELS],
            default: "MEDIUM",
            description: "Lowest Security Hub severity label an automation rule may not broadly suppress or downgrade (default MEDIUM: most FSBP control failures are MEDIUM or above).",
        },
        securityHubDisabledControls: {
            type: "array",
            items: {
                type: "object",
                required: ["control", "reason"],
                additionalProperties: false,
                properties: {
                    control: { type: "string", pattern: "^[A-Za-z0-9]+\\.\\d+$", description: "The control id, e.g. EC2.19." },
                    reason: { type: "string", minLength: 10, description: "Why the security team accepts it disabled." },
                },
            },
            default: [],
            description: "Security Hub controls the security team accepts disabled, each with its documented reason (default: none).",
        },
    },
    types: [...GUARDDUTY_FILTER, ...GUARDDUTY_IP_SET, ...SH_CONTROL_ASSOCIATION, ...SH_CONTROL, ...SH_CONFIGURATION_POLICY, ...SH_AUTOMATION_RULE, ...ANALYZER_ARCHIVE_RULE],
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
        for (const rule of ofType(resources, ANALYZER_ARCHIVE_RULE)) {
            const filters = knownDeep(() => rule.props.filters as ArchiveFilter[] | undefined, null);
            const problem = filters === null ? undefined : archiveRuleProblem(filters ?? []);
            if (problem !== undefined) {
                report(`IAM Access Analyzer archive rule ${knownString(rule, "ruleName") ?? rule.name} ${problem}: such a grant, a bucket or key made public included, is archived and never reported; name the trusted principal or the shared resource.`, rule.urn);
            }
        }
        checkSecurityHub(resources, report, config);
    },
});
