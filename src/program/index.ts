/**
 * The definitions program's part that others use: reading a definitions folder (the CLI's `validate`, `export`,
 * `compare` and `emulator --seed` read it as the program does). The Pulumi program itself is main.ts (Pulumi.yaml
 * `main`); nothing here loads the Pulumi SDK.
 */
export {
  checkDefinitions,
  DEFINITION_EXTENSIONS,
  definitionFiles,
  DefinitionError,
  isDefinitionFile,
  loadDefinition,
  loadDefinitions,
  logicalName,
  nameProblem,
  readDefinitionDocument,
  readDefinitionFile,
  type CheckedFile,
  type Definition,
  type FolderCheck,
} from "./definitions";
export {
  COMMAND,
  formatFolderProblems,
  problemLines,
  problemsOf,
  projectPath,
  reportFolder,
  type CheckedDefinitionFile,
  type DefinitionProblem,
  type FolderReport,
} from "./report";
