import Foundation

/// `worldgame bench NAME`: runs a benchmark and prints a table with ratios against baselines measured in the same run.
enum BenchCommand: Subcommand {
    static let name = "bench"
    static let summary = "Run a benchmark (writes, http, jobs, bids, market, resources, fanout, replication, all) and print a table"
    static let positionalUsage = "writes|http|jobs|bids|market|resources|fanout|replication|all"
    static let discussion = """
        writes: durable commands/s and p50/p99 of (a) one transaction per command, (b) the group-commit Writer with
                1, 8, 64 and 256 concurrent submitters, (c) the ceiling: transactions of 64 on one thread; ratios (b)/(a), (b)/(c).
        http:   requests/s and p50/p99 of GET /health and a small JSON route on an in-process server over 127.0.0.1,
                driven by wrk when installed (apt-get install wrk), otherwise by a built-in keep-alive generator.
        jobs:   database-only jobs/s with 1, 2 and 4 workers and batched claims, against claiming and completing each
                job in its own transaction.
        bids:   durable bids/s over HTTP with 64 connections on one blind auction, across 1,000 auctions and on one
                open auction, against one bid per transaction on one thread.
        market: limit orders/s and trades/s through MarketService and the Writer with 64 concurrent clients, p50/p99.
        resources: a resource update run over 1,000,000 generated squares (goal under 10 s); world generation first.
        fanout: --connections WebSocket clients (use 10000) subscribed to one topic; commit-to-last-receipt p50/p99
                and resident memory per connection.
        replication: async lag (commit on the primary to commit on a standby fed over HTTP) p50/p99 under a paced
                write load of --rate commands/s, and the time to promote.
        Figures are only comparable on the same machine; compare the ratio lines across machines.
        """
    static let options: [CommandOption] = [
        .value("seconds", "S", "Duration of each case (writes: split over 3 interleaved rounds)", default: "3"),
        .value("connections", "N", "Concurrent connections for the http benchmark", default: "64"),
        .value("loops", "N", "Event loops for the http benchmark", default: "number of cores"),
        .value("generator", "auto|wrk|builtin", "Load generator for the http benchmark", default: "auto"),
        .value("rate", "N", "Commands/s of the replication benchmark's write load", default: "2000"),
    ]

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard let benchmark = arguments.positionals.first else {
            throw CommandLineError.missingArgument(command: name, what: "a benchmark name (writes, http, jobs, bids, market, resources, fanout or all)")
        }
        let seconds = Double(try arguments.integer("seconds", default: 3, range: 1...600))
        let connections = try arguments.integer("connections", default: 64, range: 1...100_000)
        let loops = try arguments.integer("loops", default: ProcessInfo.processInfo.activeProcessorCount, range: 1...256)
        let generator = try arguments.choice("generator", default: "auto", choices: ["auto", "wrk", "builtin"])
        switch benchmark {
        case "writes":
            print(try WritesBenchmark(seconds: seconds).run())
        case "http":
            print(try HTTPBenchmark(seconds: seconds, connections: connections, loopCount: loops, generator: generator).run())
        case "jobs":
            print(try JobsBenchmark(seconds: seconds).run())
        case "bids":
            print(try BidsBenchmark(seconds: seconds).run())
        case "market":
            print(try MarketBenchmark(seconds: seconds).run())
        case "fanout":
            print(try FanoutBenchmark(connections: connections, seconds: seconds).run())
        case "resources":
            print(try ResourcesBenchmark(seconds: seconds).run())
        case "replication":
            let rate = try arguments.integer("rate", default: 2_000, range: 1...1_000_000)
            print(try ReplicationBenchmark(seconds: seconds, ratePerSecond: rate).run())
        case "all":
            print(try WritesBenchmark(seconds: seconds).run())
            print(try HTTPBenchmark(seconds: seconds, connections: connections, loopCount: loops, generator: generator).run())
            print(try JobsBenchmark(seconds: seconds).run())
        default:
            throw CommandLineError.unexpectedArgument(command: name, argument: benchmark)
        }
        return 0
    }
}
