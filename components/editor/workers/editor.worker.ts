// Monaco's base editor worker, bundled from the local package (never a CDN).
import 'monaco-editor/esm/vs/editor/editor.worker.js';
