'use client';
// CodeMirror 6 SQL editor: highlighting, table/column completion from the catalog
// (`run` is the default catalog, so bare table names complete too), Ctrl/Cmd+Enter runs.
import { sql, PostgreSQL } from '@codemirror/lang-sql';
import { Compartment, Prec, StateEffect, StateField } from '@codemirror/state';
import { Decoration, keymap, type DecorationSet } from '@codemirror/view';
import { basicSetup, EditorView } from 'codemirror';
import { sqlTheme } from './sql-theme';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import s from '@/components/explorer/explorer.module.css';

export interface SqlEditorHandle {
  getText(): string;
  setText(text: string): void;
  focus(): void;
  /** Underlines where the last error points (null clears it); any edit clears it too. */
  markError(range: { from: number; to: number } | null): void;
}

const setErrorMark = StateEffect.define<{ from: number; to: number } | null>();
const errorMarkStyle = Decoration.mark({ class: 'cm-sql-error', attributes: { 'data-testid': 'sql-error-mark' } });
/** The error underline: set by markError, dropped on the next change of the text. */
const errorMark = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(marks, tr) {
    if (tr.docChanged) return Decoration.none;
    for (const e of tr.effects) {
      if (!e.is(setErrorMark)) continue;
      const r = e.value;
      const len = tr.state.doc.length;
      marks = r && r.from < len ? Decoration.set([errorMarkStyle.range(r.from, Math.min(r.to, len))]) : Decoration.none;
    }
    return marks;
  },
  provide: (f) => EditorView.decorations.from(f),
});
const errorTheme = EditorView.baseTheme({
  '.cm-sql-error': { textDecoration: 'underline wavy var(--red)', backgroundColor: 'var(--bad-soft)' },
});

interface Props {
  initial: string;
  schema: Record<string, Record<string, string[]>>;
  onRun(text: string): void;
}

const SqlEditor = forwardRef<SqlEditorHandle, Props>(function SqlEditor({ initial, schema, onRun }, ref) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const lang = useRef(new Compartment());
  // The keymap is created once; it must call the latest onRun.
  const runRef = useRef(onRun);
  runRef.current = onRun;

  useEffect(() => {
    if (!host.current) return;
    const run = (v: EditorView) => {
      runRef.current(v.state.doc.toString());
      return true;
    };
    const v = new EditorView({
      parent: host.current,
      doc: initial,
      extensions: [
        Prec.highest(keymap.of([{ key: 'Mod-Enter', run }])),
        basicSetup,
        lang.current.of(sql({ dialect: PostgreSQL, upperCaseKeywords: true })),
        EditorView.lineWrapping,
        errorMark,
        errorTheme,
        sqlTheme,
        EditorView.contentAttributes.of({ 'aria-label': 'SQL editor', 'data-testid': 'sql-editor' }),
      ],
    });
    view.current = v;
    return () => {
      v.destroy();
      view.current = null;
    };
    // The document is owned by CodeMirror after mount; `initial` only seeds it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    view.current?.dispatch({
      effects: lang.current.reconfigure(
        sql({ dialect: PostgreSQL, upperCaseKeywords: true, schema, defaultSchema: schema.run ? 'run' : undefined }),
      ),
    });
  }, [schema]);

  useImperativeHandle(ref, () => ({
    getText: () => view.current?.state.doc.toString() ?? '',
    setText: (text: string) => {
      const v = view.current;
      if (v) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
    },
    focus: () => view.current?.focus(),
    markError: (range) => view.current?.dispatch({ effects: setErrorMark.of(range) }),
  }));

  return <div ref={host} className={s.editor} />;
});

export default SqlEditor;
