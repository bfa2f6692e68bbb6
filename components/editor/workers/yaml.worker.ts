// monaco-yaml's YAML language worker (schema completion, hover and validation).
import 'monaco-yaml/yaml.worker.js';
