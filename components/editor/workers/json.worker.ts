// Monaco's JSON language worker for the side JSON editors.
import 'monaco-editor/esm/vs/language/json/json.worker.js';
