/**
 * Settings that switch on a framework's debug mode, which shows request data, settings and code
 * to whoever triggers an error or reaches a debug port, for the runtimes the stack runs (Django
 * and Python, Next.js and Node.js). A runtime reads these from its environment (container and
 * Lambda environments, the SSM parameters and secret JSON keys a task maps into it), so a value
 * here is personal data and credentials reaching the wrong audience through configuration, in
 * every environment: dr serves production after a failover. Stated beside the TLS-off settings
 * (tlsSettings.ts), read from the same places (policy/generic/runtimeSettings.ts).
 */
/** One setting's effect: how it is named, which values switch debugging on, and what they show. */
export interface DebugSetting {
    /** The runtime that reads it, for messages. */
    runtime: string;
    /** Matches the setting's name in `settingName` form (upper case, runs of other characters as `_`). */
    name: RegExp;
    /** Whether a value switches the debug behaviour on. */
    exposes: (value: string) => boolean;
    /** What such a value makes the runtime show, and to whom. */
    effect: string;
}

/** Values that say yes, as Django settings helpers (django-environ, `== "True"`), Flask and Node read them. */
const TRUE = /^(true|1|yes|on|y|t)$/i;

export const DEBUG_SETTINGS: readonly DebugSetting[] = [
    {
        runtime: "Django",
        name: /(^|_)DJANGO_SETTINGS_MODULE$/,
        exposes: v => /(^|\.)(dev|development|local|debug)$/i.test(v.trim()),
        effect: "the development settings module runs in place of production's (DEBUG on, development hosts and secrets)",
    },
    {
        runtime: "Django Debug Toolbar",
        name: /(^|_)(ENABLE_)?DEBUG_TOOLBAR(_ENABLED)?$/,
        exposes: v => TRUE.test(v.trim()),
        effect: "the toolbar shows every request's SQL with its values, headers, session and settings in the page",
    },
    {
        runtime: "Flask/Werkzeug",
        name: /(^|_)FLASK_DEBUG$/,
        exposes: v => TRUE.test(v.trim()),
        effect: "the interactive debugger runs Python sent by whoever triggers an error",
    },
    {
        runtime: "Flask/Werkzeug",
        name: /(^|_)FLASK_ENV$/,
        exposes: v => /^development$/i.test(v.trim()),
        effect: "the interactive debugger runs Python sent by whoever triggers an error",
    },
    {
        // Next.js and Express read NODE_ENV: anything but production serves development error
        // pages with stack traces and source.
        runtime: "Node.js (Next.js, Express)",
        name: /(^|_)NODE_ENV$/,
        exposes: v => /^(development|dev)$/i.test(v.trim()),
        effect: "error responses carry stack traces and source to the browser (Next.js' development overlay, Express' error handler)",
    },
    {
        runtime: "Node.js",
        name: /(^|_)NODE_OPTIONS$/,
        exposes: v => /(^|\s)--inspect(-brk|-wait)?(=|\s|$)/.test(v),
        effect: "the inspector listens for a debugger, which can read the process's memory and run code in it",
    },
    {
        // Last: the more specific switches above (FLASK_DEBUG) end in DEBUG too. DEBUG is Django's setting; projects read it from DEBUG or DJANGO_DEBUG (a prefix such as
        // APP_DEBUG is the same switch under the project's name).
        runtime: "Django",
        name: /(^|_)DEBUG$/,
        exposes: v => TRUE.test(v.trim()),
        effect: "any error answers with Django's technical 500 page: settings, the request (cookies, POST data), SQL and local variables, to whoever triggered it",
    },
];
