/**
 * Application Auto Scaling decisions for a service, as plain data. The CPU policy name is
 * the one the guide's `describe-scaling-policies` / `put-scaling-policy` commands use.
 */

import { CPU_SCALING_METRIC, CPU_SCALING_POLICY } from "../../policy/lib/facts/servingCapacity";

export const CPU_POLICY_NAME = CPU_SCALING_POLICY;
export const MEMORY_POLICY_NAME = "memory-tracking-scaling-policy";

export interface Capacity {
    /** Tasks the service starts with. */
    desired: number;
    /** Scaling floor. */
    min: number;
    /** Scaling ceiling. */
    max: number;
}

export interface TargetTrackingPolicy {
    name: string;
    predefinedMetricType: "ECSServiceAverageCPUUtilization" | "ECSServiceAverageMemoryUtilization";
    targetValue: number;
    /** Scale in slowly (5 min) so a brief lull does not drop capacity… */
    scaleInCooldown: number;
    /** …and out quickly (1 min) when load arrives. */
    scaleOutCooldown: number;
}

/** Throws, naming the service, when the capacity numbers contradict each other. */
export function validateCapacity(service: string, c: Capacity): void {
    if (c.min < 0 || c.max < 1 || c.min > c.max) {
        throw new Error(`${service}: scaling min ${c.min} / max ${c.max}; allowed: 0 <= min <= max, max >= 1`);
    }
    if (c.desired < c.min || c.desired > c.max) {
        throw new Error(`${service}: desiredCount ${c.desired}; allowed: from min ${c.min} to max ${c.max} ` +
            `(auto scaling would move it there at once)`);
    }
}

/** CPU and memory target-tracking policies. */
export function scalingPolicies(cpuTargetPercent: number, memoryTargetPercent: number): TargetTrackingPolicy[] {
    for (const [what, v] of [["cpu", cpuTargetPercent], ["memory", memoryTargetPercent]] as const) {
        if (!(v > 0 && v <= 100)) throw new Error(`${what} target ${v}; allowed: a percentage above 0 and at most 100`);
    }
    const cooldowns = { scaleInCooldown: 300, scaleOutCooldown: 60 };
    return [
        { name: CPU_POLICY_NAME, predefinedMetricType: CPU_SCALING_METRIC, targetValue: cpuTargetPercent, ...cooldowns },
        { name: MEMORY_POLICY_NAME, predefinedMetricType: "ECSServiceAverageMemoryUtilization", targetValue: memoryTargetPercent, ...cooldowns },
    ];
}
