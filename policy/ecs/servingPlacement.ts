/**
 * Where a service's tasks run and how fast its CPU tracking reacts, judged as ECS and Application
 * Auto Scaling apply the settings: the zones its subnets are in (a zone's loss must leave a zone
 * to run in), the capacity its tasks are placed on (a capacity provider strategy places `base`
 * tasks on its base provider, then the rest by weight; Fargate Spot tasks are reclaimed with two
 * minutes' notice, so the serving floor must be on on-demand capacity), and the CPU policy's
 * target and scale-out cooldown (policy/lib/facts/servingCapacity.ts). Pure.
 */
import { CPU_SCALING_RESPONSE, INTERRUPTIBLE_PROVIDER, SERVING_CAPACITY, SERVING_ZONES } from "../lib/facts/servingCapacity";

/** One item of a capacity provider strategy (ECS: weight and base default to 0). */
export interface StrategyItem {
    capacityProvider?: unknown;
    weight?: unknown;
    base?: unknown;
}

const count = (v: unknown): number => typeof v === "number" && Number.isFinite(v) && v > 0 ? v : 0;

/**
 * How many of a service's first `tasks` tasks ECS places on capacity AWS does not reclaim
 * (anything but Fargate Spot) under `strategy`: the base provider's `base` tasks first, the rest
 * split by weight, the on-demand share rounded down (ECS does not promise the split of a few tasks).
 */
export function onDemandTasks(strategy: StrategyItem[], tasks: number): number {
    const spot = (s: StrategyItem) => s.capacityProvider === INTERRUPTIBLE_PROVIDER;
    const baseItem = strategy.find(s => count(s.base) > 0);
    const base = Math.min(tasks, baseItem ? count(baseItem.base) : 0);
    const onBase = baseItem && !spot(baseItem) ? base : 0;
    const total = strategy.reduce((sum, s) => sum + count(s.weight), 0);
    const onDemandWeight = strategy.filter(s => !spot(s)).reduce((sum, s) => sum + count(s.weight), 0);
    return onBase + (total === 0 ? 0 : Math.floor((tasks - base) * onDemandWeight / total));
}

/** What a service runs on: its launch type, its own strategy, else its cluster's default strategy (undefined: not known). */
export interface Placement {
    launchType?: unknown;
    strategy?: StrategyItem[];
    clusterDefault?: StrategyItem[];
}

/** Why the serving floor is not on on-demand capacity, or undefined when it is (or can't be told). */
export function capacityProblem(p: Placement): string | undefined {
    // A launch type (FARGATE, EC2) is on-demand capacity; ECS refuses it beside a strategy.
    if (typeof p.launchType === "string" && p.launchType !== "") return undefined;
    const own = Array.isArray(p.strategy) && p.strategy.length > 0;
    const strategy = own ? p.strategy! : p.clusterDefault;
    if (!Array.isArray(strategy) || strategy.length === 0) return undefined;
    const floor = SERVING_CAPACITY.minCapacity;
    const onDemand = onDemandTasks(strategy, floor);
    if (onDemand >= floor) return undefined;
    const text = strategy.map(s => `${String(s.capacityProvider)} weight ${count(s.weight)} base ${count(s.base)}`).join(", ");
    return `${own ? "its capacityProviderStrategies" : "its cluster's default capacity provider strategy (the service sets neither launchType nor a strategy)"} (${text}) ` +
        `places ${onDemand} of its ${floor} serving-floor task${floor === 1 ? "" : "s"} on on-demand capacity: ${INTERRUPTIBLE_PROVIDER} tasks are reclaimed at two minutes' notice, all at once when Spot capacity runs out, ` +
        `so keep launchType FARGATE or give FARGATE a base of at least ${floor}`;
}

/**
 * Why the service's subnets do not span SERVING_ZONES zones, or undefined when they do (or can't
 * be told). `zones` holds each subnet's zone, undefined for a subnet not known here.
 */
export function zoneProblem(subnets: string[], zones: Array<string | undefined>): string | undefined {
    // A subnet is in exactly one zone: fewer subnets than zones can't span them, whatever they are.
    const known = new Set(zones.filter((z): z is string => z !== undefined));
    if (subnets.length >= SERVING_ZONES && (zones.some(z => z === undefined) || known.size >= SERVING_ZONES)) return undefined;
    const where = known.size > 0 ? `Availability Zone ${[...known].join(", ")}` : `${subnets.length} subnet${subnets.length === 1 ? "" : "s"}`;
    return `its networkConfiguration.subnets (${subnets.join(", ") || "none"}) are all in ${where}: losing that zone stops every task and ECS has nowhere to start new ones; ` +
        `give it the private subnet of at least ${SERVING_ZONES} zones (the program gives each service one per network.azCount zone)`;
}

/** The guide's CPU policy's target tracking configuration (targetValue in percent, cooldowns in seconds). */
export interface TrackingConfiguration {
    targetValue?: unknown;
    scaleOutCooldown?: unknown;
}

/** Why the CPU policy reacts too late to load, or nothing (CPU_SCALING_RESPONSE). */
export function responseProblems(c: TrackingConfiguration): string[] {
    const problems: string[] = [];
    if (typeof c.targetValue === "number" && c.targetValue > CPU_SCALING_RESPONSE.maxTargetPercent) {
        problems.push(`the cpu-tracking-scaling-policy's targetValue is ${c.targetValue} %: it adds tasks only once they are saturated; keep it at most ${CPU_SCALING_RESPONSE.maxTargetPercent} (the program's default is 70)`);
    }
    if (typeof c.scaleOutCooldown === "number" && c.scaleOutCooldown > CPU_SCALING_RESPONSE.maxScaleOutCooldownSeconds) {
        problems.push(`the cpu-tracking-scaling-policy's scaleOutCooldown is ${c.scaleOutCooldown} s: after one scale-out it waits that long before adding more tasks under a growing load; ` +
            `keep it at most ${CPU_SCALING_RESPONSE.maxScaleOutCooldownSeconds} s (the program uses 60)`);
    }
    return problems;
}
