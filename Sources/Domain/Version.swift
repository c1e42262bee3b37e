/// The immunopipe release, shown by `--version` and recorded in every reprocessing shard's
/// manifest.
public let immunopipeVersion = "0.1.0"
