import { concernPolicy } from "./concern";
import { DEBUG_SETTING_RULES } from "./runtimeSettings";

/**
 * Debug modes are forbidden configuration in every environment: Django's technical 500 page, the
 * debug toolbar, Werkzeug's debugger, Next.js' development errors and Node's inspector show
 * settings, request data and code to whoever triggers them (lib/facts/debugSettings.ts).
 */
export const dataNoDebugMode = concernPolicy({
    name: "data-no-debug-mode",
    description: "No runtime setting the stack hands its code (container and Lambda environments, canary environments, SSM parameters, secret JSON keys) switches a framework's debug mode on: DEBUG/DJANGO_DEBUG true, a development DJANGO_SETTINGS_MODULE, the Django debug toolbar, FLASK_DEBUG or FLASK_ENV=development, NODE_ENV=development, NODE_OPTIONS --inspect. Each shows settings, request data (other users' cookies and POST bodies) or code to whoever triggers an error.",
    metadata: {
        severity: "high",
        guideSection: "Security Maintenance › AWS Security Best Practices (personal and payment data); Environment configuration",
        remediationSteps: "Remove the setting named in the message or give it its production value (DEBUG=False, DJANGO_SETTINGS_MODULE of production, NODE_ENV=production, no --inspect); debug a problem from the logs or with ECS Exec on one task instead.",
    },
    rules: DEBUG_SETTING_RULES,
});
