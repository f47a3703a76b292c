import { resourcePolicy } from "../lib/define";
import { ECS_CLUSTER } from "../lib/tokens";
import { GUIDE_ECS } from "./taskDefinition";

interface Setting {
    name?: string;
    value?: string;
}

export const ecsContainerInsights = resourcePolicy({
    name: "ecs-container-insights",
    description: "ECS clusters have Container Insights on.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ECS,
        fsbpControl: "ECS.12",
        remediationSteps: "Add settings: [{ name: \"containerInsights\", value: \"enabled\" }] (or \"enhanced\").",
    },
    types: ECS_CLUSTER,
    validate: (props, report) => {
        const settings: Setting[] = Array.isArray(props.settings) ? props.settings : [];
        const value = settings.find(s => s.name === "containerInsights")?.value;
        if (value !== "enabled" && value !== "enhanced") {
            report(`containerInsights is ${value ?? "not set"}: per-task CPU and memory metrics would be missing.`);
        }
    },
});
