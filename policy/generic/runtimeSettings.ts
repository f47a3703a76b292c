/**
 * The runtime settings the stack hands its code, by where they are set: a container's or
 * function's environment, an SSM parameter (the task maps it into the environment; its path's
 * last segment is the setting), a secret's JSON keys (a connection secret's fields). Each is
 * judged by name and value where it is defined, so the same value refused in a container's
 * environment is refused in the parameter or secret the container reads. Judged for TLS switched
 * off (lib/facts/tlsSettings.ts, network-encrypted-in-transit) and debug modes switched on
 * (lib/facts/debugSettings.ts, data-no-debug-mode).
 */
import { containerName, containersOf } from "../lib/containers";
import { Props } from "../lib/define";
import { DEBUG_SETTINGS } from "../lib/facts/debugSettings";
import { settingName, weakenedTls } from "../lib/facts/tlsSettings";
import { Check, Rules } from "./checks";

/** A setting as the runtime receives it, with where it is set (for messages) and whether its value may be quoted. */
interface Setting {
    where: string;
    name: string;
    value: string;
}

/** The string entries of a record. */
const strings = (record: unknown): [string, string][] =>
    typeof record === "object" && record !== null ? Object.entries(record).filter((e): e is [string, string] => typeof e[1] === "string") : [];

/** What a setting does that the rules refuse (undefined: nothing), and the message for it. */
interface SettingJudge {
    effect: (name: string, value: string) => string | undefined;
    message: (where: string, effect: string) => string;
}

/** A check over the settings `read` finds: one message per setting the judge refuses. */
function settingsCheck(judge: SettingJudge, read: (props: Props) => Setting[]): Check {
    return props => read(props).flatMap(s => {
        const effect = judge.effect(s.name, s.value);
        return effect ? [judge.message(s.where, effect)] : [];
    });
}

/** A container's environment: plain values only (a secret's value lives in the parameter or secret it names). */
const taskSettings = (props: Props): Setting[] => (containersOf(props.containerDefinitions) ?? []).flatMap((c, i) =>
    (c.environment ?? []).filter(e => typeof e.name === "string" && typeof e.value === "string")
        .map(e => ({ where: `containerDefinitions[${containerName(c, i)}].environment ${e.name}`, name: e.name!, value: e.value! })));

/** A parameter's value under the last segment of its path, as the task maps it into its environment. */
function parameterSettings(props: Props): Setting[] {
    const name = typeof props.name === "string" ? props.name : "";
    return (["value", "insecureValue"] as const).filter(k => typeof props[k] === "string")
        .map(k => ({ where: `parameter ${name} ${k}`, name: name.split("/").pop() ?? name, value: props[k] as string }));
}

/** A secret's JSON keys (never quoted: the message names the key only). */
function secretSettings(props: Props): Setting[] {
    const text = [props.secretString, props.secretStringWo].find(v => typeof v === "string");
    try {
        return strings(text === undefined ? undefined : JSON.parse(text)).map(([name, value]) => ({ where: `secret JSON key ${name}`, name, value }));
    } catch {
        return []; // plain text: no settings by name
    }
}

/** Where runtime settings are set, and how to read them, each judged by `judge`. */
function settingRules(judge: SettingJudge): Rules {
    return {
        "aws:ecs/taskDefinition:TaskDefinition": settingsCheck(judge, taskSettings),
        "aws:lambda/function:Function": settingsCheck(judge, props => strings(props.environment?.variables)
            .map(([name, value]) => ({ where: `environment.variables ${name}`, name, value }))),
        "aws:synthetics/canary:Canary": settingsCheck(judge, props => strings(props.runConfig?.environmentVariables)
            .map(([name, value]) => ({ where: `runConfig.environmentVariables ${name}`, name, value }))),
        "aws:ssm/parameter:Parameter": settingsCheck(judge, parameterSettings),
        "aws:secretsmanager/secretVersion:SecretVersion": settingsCheck(judge, secretSettings),
    };
}

/** Settings that switch TLS or certificate verification off. */
export const TLS_SETTING_RULES: Rules = settingRules({
    effect: weakenedTls,
    message: (where, effect) => `${where} turns TLS off or stops verifying certificates (${effect}); remove it or set the verifying value (e.g. sslmode verify-full, rediss://, https://)`,
});

/** Settings that switch a framework's debug mode on. */
export const DEBUG_SETTING_RULES: Rules = settingRules({
    effect: exposedDebug,
    message: (where, effect) => `${where} switches debug mode on (${effect}); remove it or set it off (DEBUG False, NODE_ENV production, no --inspect)`,
});

/** What a setting (policy/lib/facts/debugSettings.ts)'s value exposes, or undefined when it leaves debugging off. */
export function exposedDebug(name: string, value: string): string | undefined {
    const normal = settingName(name);
    const fact = DEBUG_SETTINGS.find(s => s.name.test(normal) && s.exposes(value));
    return fact ? `${fact.runtime}: ${fact.effect}` : undefined;
}
