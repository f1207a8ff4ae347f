// The command-line machinery is part of App's interface: the executable's tools (`bench`, `debug`) and App's tests
// declare subcommands with it through `import App` alone.
@_exported import CommandLineParsing
