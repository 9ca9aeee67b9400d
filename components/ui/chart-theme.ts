// Chart colours as the theme's CSS variables (app/globals.css): SVG presentation attributes
// take var(), so every chart follows light and dark without re-rendering.
export const SERIES_COLORS = Array.from({ length: 8 }, (_, i) => `var(--series-${i + 1})`);
export const CHART_GRID = 'var(--chart-grid)';
export const CHART_AXIS = 'var(--chart-axis)';
export const CHART_TEXT = 'var(--muted-strong)';
