import API
import HTTP

/// Players of a test server, made through the routes a client uses (`/api/auth/register` and `/api/auth/login`).
extension TestServer {
    /// A token from `POST /api/auth/login`.
    func login(_ client: HTTPClient, _ username: String, _ password: String) throws -> String {
        let response = try client.post("/api/auth/login", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
        guard case .string(let token) = response.json?["token"] else {
            throw TestFailure("login of \(username) failed: \(response.status) \(response.bodyText)")
        }
        return token
    }

    /// The password of every player `player(_:admin:)` registers.
    static let playerPassword = "correct-horse"

    /// Registers `username` (password `playerPassword`) and returns its id and token; `admin` promotes it and logs in
    /// again for a token with the admin role.
    @discardableResult
    func player(_ username: String, admin: Bool = false) throws -> (id: Int64, token: String) {
        let client = try client()
        defer { client.close() }
        let password = Self.playerPassword
        let registered = try client.post("/api/auth/register",
                                         json: #"{"username":"\#(username)","password":"\#(password)"}"#)
        guard case .integer(let id)? = registered.json?["player"]?["id"],
              case .string(let token)? = registered.json?["token"] else {
            throw TestFailure("register of \(username) failed: \(registered.status) \(registered.bodyText)")
        }
        guard admin else { return (id, token) }
        try writer.performAndWait { transaction in
            try transaction.run("UPDATE players SET role = 'admin' WHERE id = ?", [id])
        }
        return (id, try login(client, username, password))
    }
}
