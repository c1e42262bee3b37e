import ArgumentParser
@main struct Immunopipe: ParsableCommand { func run() throws {} }
