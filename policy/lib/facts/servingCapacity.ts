/**
 * What each ECS service's Application Auto Scaling must allow while its stack serves production
 * (prod unless fenced; dr in the phases it serves, roleProbe.ts DR_SERVING_PHASES): the guide's
 * `register-scalable-target --min-capacity 1 --max-capacity 5` and its target tracking on CPU,
 * `put-scaling-policy --policy-name cpu-tracking-scaling-policy`. The program's service config
 * defaults to these bounds (config/services.ts) and dr's serving phases take prod's sizes
 * (components/dr/phase.ts `serviceScale`); the pack requires at least them of every service.
 */
export const SERVING_CAPACITY = {
    /** The scaling floor: tasks that keep running with no load. */
    minCapacity: 1,
    /** The scaling ceiling: tasks auto scaling may run under load. */
    maxCapacity: 5,
} as const;

/** The guide's name of each service's CPU target-tracking policy. */
export const CPU_SCALING_POLICY = "cpu-tracking-scaling-policy";

/** The predefined metric the guide's CPU policy tracks. */
export const CPU_SCALING_METRIC = "ECSServiceAverageCPUUtilization";
