export const REPO: string;
export const SUITE_OUT: string;
export function buildSuite(): Promise<string>;
