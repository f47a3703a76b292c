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

/**
 * Availability Zones each service's tasks must be able to run in while its stack serves: ECS
 * spreads a Fargate service's tasks over the zones of its `networkConfiguration.subnets`, and a
 * service whose subnets are all in one zone is down for as long as that zone is (the program
 * gives every service the private subnet of each of `network.azCount` zones, 2 or 3).
 */
export const SERVING_ZONES = 2;

/**
 * How quickly the guide's CPU target tracking must act. A target above `maxTargetPercent` scales
 * out only once the tasks are saturated (the program's `services.<svc>.cpuTargetPercent` allows
 * at most this, config/services.ts, and defaults to 70); a scale-out cooldown above
 * `maxScaleOutCooldownSeconds` (Application Auto Scaling's own default for ECS, 300 s; the
 * program uses 60, components/compute/autoscaling.ts) leaves a growing load on too few tasks.
 */
export const CPU_SCALING_RESPONSE = {
    /** Highest CPU utilization target, in percent. */
    maxTargetPercent: 90,
    /** Longest scale-out cooldown, in seconds; unset is AWS's default, 300. */
    maxScaleOutCooldownSeconds: 300,
} as const;

/** The Fargate capacity provider whose tasks AWS may reclaim at two minutes' notice (Fargate Spot). */
export const INTERRUPTIBLE_PROVIDER = "FARGATE_SPOT";

/**
 * The capacity of a fenced stack's services (prod fenced, dr in `failback`): no task, and none
 * started by auto scaling. The ceiling is one, not zero (Application Auto Scaling needs room
 * above the floor), and with no task there is no CPU or memory metric, so target tracking never
 * starts one; a ceiling above one would let a hand-run `update-service --desired-count` start
 * several writers the scalable target would not clamp back.
 */
export const FENCED_CAPACITY = { desiredCount: 0, minCapacity: 0, maxCapacity: 1 } as const;
