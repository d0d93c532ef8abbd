/** The version, injected by the bundler from package.json (falls back for tsx runs). */
declare const __LEAKGUARD_VERSION__: string | undefined;
export const VERSION: string = typeof __LEAKGUARD_VERSION__ === 'string' ? __LEAKGUARD_VERSION__ : '0.0.0-dev';
