// Types for figlet.mjs (plain JS so function workers start under bare `node`).
export declare const FONT_HEIGHT: number;
export declare const MAX_CHARS_PER_ROW: number;
export declare const MAX_INPUT_CHARS: number;
export declare function renderFiglet(input: unknown): string;
