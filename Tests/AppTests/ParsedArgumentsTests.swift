@testable import App
import Testing

@Suite struct ParsedArgumentsTests {
    static let options: [CommandOption] = [
        .value("data-dir", "DIR", "data", environment: true),
        .value("workers", "N", "workers", environment: true),
        .value("local-only", "X", "not from env"),
        .flag("demo", "demo", environment: true),
    ]

    func parse(_ arguments: [String], environment: [String: String] = [:]) throws(CommandLineError) -> ParsedArguments {
        try ParsedArguments(commandName: "serve", arguments: arguments, options: Self.options, environment: environment)
    }

    @Test func flagBeatsEnvironmentBeatsDefault() throws {
        let environment = ["WORLDGAME_DATA_DIR": "/from/env", "WORLDGAME_WORKERS": "3"]
        let fromFlag = try parse(["--data-dir", "/from/flag"], environment: environment)
        #expect(fromFlag.string("data-dir") == "/from/flag")
        #expect(try fromFlag.integer("workers", default: 1, range: 0...8) == 3)
        let fromDefault = try parse([])
        #expect(fromDefault.string("data-dir", default: "./d") == "./d")
    }

    @Test func optionsWithoutEnvironmentIgnoreIt() throws {
        let parsed = try parse([], environment: ["WORLDGAME_LOCAL_ONLY": "x"])
        #expect(parsed.string("local-only") == nil)
    }

    @Test func inlineValuesAndNegatedFlags() throws {
        let parsed = try parse(["--data-dir=/a=b", "--no-demo", "extra"])
        #expect(parsed.string("data-dir") == "/a=b")
        #expect(try parsed.flag("demo", default: true) == false)
        #expect(parsed.positionals == ["extra"])
        #expect(try parse(["--demo"]).flag("demo", default: false) == true)
        #expect(try parse([], environment: ["WORLDGAME_DEMO": "0"]).flag("demo", default: true) == false)
    }

    @Test(arguments: [
        (["--nope"], CommandLineError.unknownOption(command: "serve", option: "--nope")),
        (["--data-dir"], CommandLineError.missingValue(command: "serve", option: "--data-dir")),
        (["--demo=yes"], CommandLineError.unexpectedValue(command: "serve", option: "--demo")),
    ])
    func malformedCommandLines(arguments: [String], expected: CommandLineError) {
        #expect(throws: expected) { try parse(arguments) }
    }

    @Test(arguments: ["abc", "-1", "99", "1.5"])
    func integerOutOfRangeOrMalformed(value: String) throws {
        let parsed = try parse(["--workers", value])
        #expect(throws: CommandLineError.self) { try parsed.integer("workers", default: 1, range: 0...8) }
    }

    @Test func errorsSayWhatToDo() {
        let message = CommandLineError.unknownOption(command: "serve", option: "--x").description
        #expect(message.contains("worldgame serve --help"))
    }
}
