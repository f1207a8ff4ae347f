import Testing
@testable import Mongo

/// SCRAM-SHA-256 against RFC 7677's test vector, and the client's refusals.
@Suite struct SCRAMSHA256Tests {
    static let serverFirst = "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"

    @Test func matchesRFC7677() throws {
        var scram = SCRAMSHA256(username: "user", password: "pencil", clientNonce: "rOprNGfwEbeRWgbNEkqO")
        #expect(scram.clientFirstMessage == "n,,n=user,r=rOprNGfwEbeRWgbNEkqO")
        let final = try scram.clientFinalMessage(serverFirst: Self.serverFirst)
        #expect(final == "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=")
        try scram.verify(serverFinal: "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=")
    }

    @Test func refusesAWrongServerSignature() throws {
        var scram = SCRAMSHA256(username: "user", password: "pencil", clientNonce: "rOprNGfwEbeRWgbNEkqO")
        _ = try scram.clientFinalMessage(serverFirst: Self.serverFirst)
        #expect(throws: MongoError.self) { try scram.verify(serverFinal: "v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=") }
        #expect(throws: MongoError.self) { try scram.verify(serverFinal: "e=invalid-proof") }
    }

    @Test(arguments: [
        "r=someoneElse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "r=rOprNGfwEbeRWgbNEkqOxyz,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1000",
        "r=rOprNGfwEbeRWgbNEkqOxyz,i=4096",
    ])
    func refusesABadServerFirst(serverFirst: String) {
        var scram = SCRAMSHA256(username: "user", password: "pencil", clientNonce: "rOprNGfwEbeRWgbNEkqO")
        #expect(throws: MongoError.self) { try scram.clientFinalMessage(serverFirst: serverFirst) }
    }

    @Test func escapesTheUserName() {
        let scram = SCRAMSHA256(username: "a=b,c", password: "x", clientNonce: "n")
        #expect(scram.clientFirstBare == "n=a=3Db=2Cc,r=n")
    }

    @Test(arguments: [
        ("pencil", "pencil"), ("I\u{00AD}X", "IX"), ("user\u{00A0}name", "user name"), ("\u{2168}", "IX"), ("\u{00AA}", "a"),
    ])
    func saslPrepMapsAndNormalizes(input: String, expected: String) throws {
        #expect(try SASLprep.prepare(input) == expected)
    }

    @Test(arguments: ["a\u{0007}b", "\u{E000}x"])
    func saslPrepRefusesProhibitedCharacters(input: String) {
        #expect(throws: SASLprep.PrepError.self) { try SASLprep.prepare(input) }
    }
}
