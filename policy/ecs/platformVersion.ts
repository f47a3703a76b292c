import { resourcePolicy } from "../lib/define";
import { ECS_SERVICE } from "../lib/tokens";
import { GUIDE_ECS } from "./taskDefinition";

/** Whether a service runs on Fargate: its launch type, or a FARGATE / FARGATE_SPOT capacity provider. */
function onFargate(launchType: unknown, strategies: unknown): boolean {
    if (launchType === "FARGATE") {
        return true;
    }
    return Array.isArray(strategies) && strategies.some(s => /^FARGATE/.test(String(s?.capacityProvider ?? "")));
}

export const ecsFargatePlatformVersion = resourcePolicy<{ allowedPlatformVersions: string[] }>({
    name: "ecs-fargate-platform-version",
    description: "Fargate services run on the latest platform version (LATEST, or a pinned version the config allows), which carries the current kernel and runtime fixes.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: `${GUIDE_ECS}; Security Maintenance › Regular Security Tasks › Update dependencies`,
        fsbpControl: "ECS.10",
        remediationSteps: "Leave platformVersion unset or set it to \"LATEST\"; pin a version only if it is in allowedPlatformVersions (the current Linux version, 1.4.0).",
    },
    config: {
        allowedPlatformVersions: {
            type: "array",
            items: { type: "string" },
            default: ["LATEST", "1.4.0"],
            description: "Fargate platform versions services may use (LATEST and the current Linux version).",
        },
    },
    types: ECS_SERVICE,
    validate: (props, report, { args, config }) => {
        if (!onFargate(props.launchType, props.capacityProviderStrategies)) {
            return args.notApplicable("not a Fargate service");
        }
        // ECS uses LATEST when the version is not given.
        const version = props.platformVersion ?? "LATEST";
        if (!config.allowedPlatformVersions.includes(version)) {
            report(`platformVersion is ${version}; allowed: ${config.allowedPlatformVersions.join(", ")}.`);
        }
    },
});
