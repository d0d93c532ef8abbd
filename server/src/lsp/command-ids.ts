/** The ids of the server's `workspace/executeCommand` commands (its own module: code actions and the command handler both name them). */
/** Opens a source embedded in a map (a `leakguard-embedded:` virtual document) at a line. */
export const OPEN_EMBEDDED_COMMAND = 'leakguard.openEmbeddedSource';
/** Server commands that change files: refused in an untrusted workspace. */
export const WRITING_COMMANDS = new Set(['leakguard.excludeFromPackage', 'leakguard.createConfiguration', 'leakguard.addPrepublishGuard']);
/** Every command the server executes (announced in its capabilities). */
export const SERVER_COMMANDS = ['leakguard.showDocumentation', 'leakguard.scanWorkspace', ...WRITING_COMMANDS, OPEN_EMBEDDED_COMMAND];
