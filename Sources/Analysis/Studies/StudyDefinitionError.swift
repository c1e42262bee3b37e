import YAMLSchema

/// A problem in a study definition file, named by file, line, column and key path
/// (`visits[3].window_low: expected a whole number, found 'two'`). Study definitions are checked
/// by the same YAML schema checker as panels and linkage rules, so the error is its error.
public typealias StudyDefinitionError = YAMLSchemaError
