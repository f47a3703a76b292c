import { stackPolicy } from "../lib/define";
import { known, ofType } from "../lib/stack";
import { CLOUDTRAIL_TRAIL } from "../lib/tokens";
import { GUIDE_CLOUDTRAIL } from "./trail";

export const cloudtrailPresent = stackPolicy<{ cloudTrailManagedByOrganization: boolean }>({
    name: "cloudtrail-present",
    description: "Prod owns a multi-region CloudTrail trail (one trail covers every region, so dr owns none), unless an organization trail covers the account.",
    enforcementLevel: "mandatory",
    environments: ["prod"],
    metadata: {
        severity: "high",
        guideSection: GUIDE_CLOUDTRAIL,
        fsbpControl: "CloudTrail.1",
        remediationSteps: "Create the trail expertconnect-trail in the prod stack, or set cloudTrailManagedByOrganization: true in policy config when an organization trail records the account.",
    },
    config: {
        cloudTrailManagedByOrganization: { type: "boolean", default: false, description: "An AWS Organizations trail already records this account." },
    },
    validate: (resources, report, { config, args }) => {
        if (config.cloudTrailManagedByOrganization) {
            return args.notApplicable("CloudTrail is managed by the organization");
        }
        const trails = ofType(resources, CLOUDTRAIL_TRAIL);
        if (!trails.some(t => known(() => t.props.isMultiRegionTrail, true) === true)) {
            report(trails.length === 0 ? "the stack has no CloudTrail trail." : "the stack has no multi-region CloudTrail trail.");
        }
    },
});
