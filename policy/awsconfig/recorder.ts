import { stackPolicy } from "../lib/define";
import { inRegion, known, knownDeep, knownString, ofType, stackRegion } from "../lib/stack";
import { CONFIG_DELIVERY_CHANNEL, CONFIG_RECORDER, CONFIG_RECORDER_STATUS } from "../lib/tokens";

/** The service-linked role FSBP Config.1 asks the recorder to use. */
const SERVICE_LINKED_ROLE = /:role\/aws-service-role\/config\.amazonaws\.com\/AWSServiceRoleForConfig$/;

/**
 * Why a recording group does not record every supported type (global ones apart), or undefined.
 * AWS records all supported types when no group is given.
 */
export function recordingGap(group: { allSupported?: boolean; recordingStrategies?: { useOnly?: string }[]; exclusionByResourceTypes?: { resourceTypes?: string[] }[] } | undefined): string | undefined {
    if (group === undefined) {
        return undefined;
    }
    if (group.allSupported === false) {
        return "recordingGroup.allSupported is false";
    }
    const strategy = (group.recordingStrategies ?? []).map(s => s.useOnly).find(u => u !== undefined);
    if (strategy !== undefined && strategy !== "ALL_SUPPORTED_RESOURCE_TYPES") {
        return `recordingStrategy is ${strategy}`;
    }
    const excluded = (group.exclusionByResourceTypes ?? []).flatMap(e => e.resourceTypes ?? []);
    return excluded.length > 0 ? `resource types are excluded (${excluded.join(", ")})` : undefined;
}

export const configRecorder = stackPolicy<{ configManagedByOrganization: boolean }>({
    name: "config-recorder",
    description: "The stack owns an AWS Config recorder in its own region for all supported resource types (prod also records global ones such as IAM, once for the account) with the Config service-linked role, a delivery channel and an enabled recorder status, unless the organization manages Config.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices › Enable AWS Config",
        fsbpControl: "Config.1",
        remediationSteps: "Add aws.cfg.Recorder (recordingGroup.allSupported true, includeGlobalResourceTypes true in prod, no exclusions; roleArn the AWSServiceRoleForConfig service-linked role), " +
            "aws.cfg.DeliveryChannel and aws.cfg.RecorderStatus (isEnabled true), " +
            "or set configManagedByOrganization: true in policy config when the organization deploys Config.",
    },
    environments: ["prod", "dr"],
    config: {
        configManagedByOrganization: { type: "boolean", default: false, description: "The organization deploys the AWS Config recorder in this account." },
    },
    validate: (resources, report, { config, args }) => {
        if (config.configManagedByOrganization) {
            return args.notApplicable("AWS Config is managed by the organization");
        }
        const region = stackRegion(resources);
        const recorders = inRegion(ofType(resources, CONFIG_RECORDER), region);
        if (recorders.length === 0) {
            report(`the stack has no AWS Config recorder${region ? ` in its region ${region}` : ""}.`);
        }
        for (const recorder of recorders) {
            const group = knownDeep(() => recorder.props.recordingGroup);
            const gap = recordingGap(group);
            if (gap) {
                report(`the AWS Config recorder does not record all supported resource types (${gap}).`, recorder.urn);
            }
            // Global types (IAM users, roles, policies) are recorded in one region: prod's.
            // AWS leaves them out when no recording group is given.
            if (config.environment === "prod" && known(() => recorder.props.recordingGroup?.includeGlobalResourceTypes, true) !== true) {
                report("the AWS Config recorder does not record global resource types (recordingGroup.includeGlobalResourceTypes): IAM changes go unrecorded.", recorder.urn);
            }
            const role = knownString(recorder, "roleArn");
            if (role !== undefined && !SERVICE_LINKED_ROLE.test(role)) {
                report(`the AWS Config recorder uses ${role}, not the AWSServiceRoleForConfig service-linked role.`, recorder.urn);
            }
        }
        if (ofType(resources, CONFIG_DELIVERY_CHANNEL).length === 0) {
            report("the stack has no AWS Config delivery channel: recorded changes go nowhere.");
        }
        const statuses = ofType(resources, CONFIG_RECORDER_STATUS);
        if (!statuses.some(s => known(() => s.props.isEnabled, true) === true)) {
            report("no aws.cfg.RecorderStatus with isEnabled true: the recorder is created stopped.");
        }
    },
});
