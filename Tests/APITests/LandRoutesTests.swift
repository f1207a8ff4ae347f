import API
import HTTP
import Testing

@Suite struct LandRoutesTests {
    @Test(arguments: [
        ("/api/land-squares?minX=0&minY=0&maxX=31&maxY=31", 200, nil),
        ("/api/land-squares?minX=0&minY=0&maxX=32&maxY=31", 400, "area_too_large"),
        ("/api/land-squares?minX=0&minY=0&maxX=2000&maxY=0", 400, "area_too_large"),
        ("/api/land-squares?minX=5&minY=0&maxX=4&maxY=0", 400, "inverted_range"),
        ("/api/land-squares?minX=0&minY=5&maxX=0&maxY=4", 400, "inverted_range"),
        ("/api/land-squares?minX=0&minY=0&maxX=1", 400, "missing_parameter"),
        ("/api/land-squares?minX=a&minY=0&maxX=1&maxY=1", 400, "invalid_parameter"),
        ("/api/land-squares?minX=1.5&minY=0&maxX=1&maxY=1", 400, "invalid_parameter"),
        ("/api/land-squares?minX=99999999999999999999&minY=0&maxX=1&maxY=1", 400, "invalid_parameter"),
        ("/api/land-squares?minX=0&minY=0&maxX=1&maxY=1&page=2", 400, "unknown_parameter"),
        ("/api/land-squares?minX=1000&minY=1000&maxX=1001&maxY=1001", 200, nil),
        ("/api/land-squares/1", 200, nil),
        ("/api/land-squares/0", 400, "invalid_parameter"),
        ("/api/land-squares/-3", 400, "invalid_parameter"),
        ("/api/land-squares/abc", 400, "invalid_parameter"),
        ("/api/land-squares/9999999", 404, "square_not_found"),
        ("/api/regions", 200, nil),
        ("/api/regions?x=1", 400, "unknown_parameter"),
    ] as [(String, Int, String?)])
    func landReads(_ target: String, _ status: Int, _ code: String?) throws {
        let server = try TestServer()
        let response = try server.client().get(target)
        #expect(response.status == status, "\(response.bodyText)")
        #expect(response.errorCode == code)
        #expect(response.headers["content-type"]?.hasPrefix("application/json") == true)
    }
}
