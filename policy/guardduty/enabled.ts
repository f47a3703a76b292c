import { stackPolicy } from "../lib/define";
import { inRegion, known, ofType, stackRegion } from "../lib/stack";
import { GUARDDUTY_DETECTOR } from "../lib/tokens";

export const guarddutyEnabled = stackPolicy<{ guardDutyManagedByOrganization: boolean }>({
    name: "guardduty-enabled",
    description: "The stack owns an enabled GuardDuty detector in its own region (its default provider's), unless the organization manages GuardDuty.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices › Enable AWS GuardDuty",
        fsbpControl: "GuardDuty.1",
        remediationSteps: "Add an aws.guardduty.Detector with enable: true to the stack, or set guardDutyManagedByOrganization: true in policy config when a delegated administrator enables it.",
    },
    config: {
        guardDutyManagedByOrganization: { type: "boolean", default: false, description: "A GuardDuty delegated administrator enables detectors in this account." },
    },
    validate: (resources, report, { config, args }) => {
        if (config.guardDutyManagedByOrganization) {
            return args.notApplicable("GuardDuty is managed by the organization");
        }
        const region = stackRegion(resources);
        const detectors = inRegion(ofType(resources, GUARDDUTY_DETECTOR), region);
        if (detectors.length === 0) {
            report(`the stack has no GuardDuty detector${region ? ` in its region ${region}` : ""}.`);
        } else if (!detectors.some(d => known(() => d.props.enable, true) !== false)) {
            report("the stack's GuardDuty detector is disabled (enable: false).", detectors[0].urn);
        }
    },
});
