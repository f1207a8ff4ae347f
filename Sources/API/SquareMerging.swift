import Clocks
import Engine
import Game
import HTTP
import Store

/// The merge command behind both `POST /api/merges` and the WebSocket `merge` message: checks the square ids, runs
/// the merge rule, its payment and its events as one writer command and answers with the route's response, so both
/// paths give the same results and the same error codes.
///
/// A value; `merge` may be called from any thread and answers once, from the writer's completion after the commit is
/// durable (or at once when the ids are refused).
public struct SquareMerging: Sendable {
    /// Most square ids accepted in one merge request (the rule's own maximum is lower; this bounds the input).
    public static let maxSquares = 64

    let environment: APIEnvironment

    public init(environment: APIEnvironment) {
        self.environment = environment
    }

    /// Merges `squareIDs` for `playerID`; `respond` gets 201 with the merge and its squares, or the error response
    /// (400 `out_of_range` / `wrong_type` for a bad id list, then the rule's codes: `not_adjacent`, `not_owner`...).
    /// - Parameter requestId: names the request in the log line of an unexpected failure.
    public func merge(playerID: Int64, squareIDs: [Int64], requestId: String,
                      respond: @escaping @Sendable (HTTPResponse) -> Void) {
        let environment = environment
        do throws(APIRequestError) {
            try Self.validate(squareIDs)
        } catch {
            respond(APIResponses.response(for: error, requestId: requestId, logger: environment.logger))
            return
        }
        let configuration = environment.configuration.resources
        let now = environment.clock.now.rawValue
        let bus = environment.events
        environment.writer.submit({ transaction in
            let merge = try ResourceCommands.merge(playerID: playerID, squareIDs: squareIDs, now: now,
                                                   configuration: configuration, events: bus, in: transaction)
            let squares = try merge.squareIDs.map { id in try World.square(id: id, in: transaction) }
            return (merge, squares)
        }, completion: { result in
            switch result {
            case .success(let (merge, squares)):
                respond(APIResponses.json(
                    ["merge": ResourceJSON.merge(merge), "squares": .array(squares.map(GameJSON.square))],
                    status: .created))
            case .failure(let error):
                respond(APIResponses.response(for: error, requestId: requestId, logger: environment.logger))
            }
        })
    }

    /// 1 to `maxSquares` positive ids, as the route's body parser requires.
    static func validate(_ squareIDs: [Int64]) throws(APIRequestError) {
        guard (1...maxSquares).contains(squareIDs.count) else {
            throw .integerOutOfRange(field: "squareIds (count)", minimum: 1, maximum: Int64(maxSquares))
        }
        guard squareIDs.allSatisfy({ $0 >= 1 }) else {
            throw .wrongType(field: "squareIds", expected: "array of positive integer ids", actual: "integer")
        }
    }
}
