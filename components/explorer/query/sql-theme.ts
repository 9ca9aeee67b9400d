// The SQL editor in the app's colours (CSS variables of app/globals.css): light and dark
// themes, token colours chosen for 4.5:1 contrast on the editor's background in both.
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorView } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';

const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.operatorKeyword, t.modifier], color: 'var(--series-4)', fontWeight: '600' },
  { tag: [t.string, t.special(t.string)], color: 'var(--series-3)' },
  { tag: [t.number, t.bool, t.null], color: 'var(--series-2)' },
  { tag: [t.comment, t.lineComment, t.blockComment], color: 'var(--faint)', fontStyle: 'italic' },
  { tag: [t.typeName, t.standard(t.name)], color: 'var(--series-6)' },
  { tag: [t.propertyName, t.special(t.name), t.variableName], color: 'var(--series-1)' },
  { tag: [t.operator, t.punctuation, t.bracket, t.separator], color: 'var(--fg)' },
  { tag: t.invalid, color: 'var(--red)' },
]);

const chrome = EditorView.theme({
  '&': { color: 'var(--fg)', backgroundColor: 'var(--panel)' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'var(--subtle)', color: 'var(--faint)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine': { backgroundColor: 'var(--info-soft)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--info-soft)', color: 'var(--fg)' },
  '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: 'var(--info-bg)' },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--fg)', border: '1px solid var(--line)' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--info-bg)', color: 'var(--fg)' },
  '.cm-matchingBracket': { backgroundColor: 'var(--ok-bg)', color: 'var(--fg)' },
});

export const sqlTheme = [chrome, syntaxHighlighting(highlight)];
