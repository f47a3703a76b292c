import { stackPolicy } from "../lib/define";
import { inRegion, known, ofType, stackRegion } from "../lib/stack";
import { CONFIG_DELIVERY_CHANNEL, CONFIG_RECORDER, CONFIG_RECORDER_STATUS } from "../lib/tokens";

export const configRecorder = stackPolicy<{ configManagedByOrganization: boolean }>({
    name: "config-recorder",
    description: "The stack owns an AWS Config recorder in its own region for all supported resource types, a delivery channel and an enabled recorder status, unless the organization manages Config.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices › Enable AWS Config",
        fsbpControl: "Config.1",
        remediationSteps: "Add aws.cfg.Recorder (recordingGroup.allSupported true), aws.cfg.DeliveryChannel and aws.cfg.RecorderStatus (isEnabled true), " +
            "or set configManagedByOrganization: true in policy config when the organization deploys Config.",
    },
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
            // AWS records all supported types when no recording group is given.
            if (known(() => recorder.props.recordingGroup?.allSupported, true) === false) {
                report("the AWS Config recorder does not record all supported resource types (recordingGroup.allSupported is false).", recorder.urn);
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
