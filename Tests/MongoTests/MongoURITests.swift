import Testing
@testable import Mongo

/// Connection strings: seeds, credentials, options, SRV rules, TXT merging.
@Suite struct MongoURITests {
    @Test func parsesASeedListWithCredentialsAndOptions() throws {
        let uri = try MongoURI("mongodb://ex%40port:p%3Ass@Host1:27018,host2/game?retryWrites=false&authSource=admin&tls=true")
        #expect(uri.hosts == [.init(name: "host1", port: 27018), .init(name: "host2", port: 27017)])
        #expect(uri.username == "ex@port")
        #expect(uri.password == "p:ss")
        #expect(uri.database == "game")
        #expect(uri.authSource == "admin")
        #expect(!uri.retryWrites)
        #expect(uri.usesTLS)
        #expect(!uri.description.contains("p:ss"))
    }

    @Test func srvDefaultsToTLSAndMergesTXT() throws {
        let uri = try MongoURI("mongodb+srv://u:p@cluster0.abcde.mongodb.net/game?authSource=other")
        #expect(uri.usesTLS)
        let merged = try uri.applyingTXT("authSource=admin&replicaSet=atlas-x-shard-0")
        #expect(merged.authSource == "other")
        #expect(merged.options["replicaset"] == "atlas-x-shard-0")
        #expect(throws: MongoURIError.txtOptionNotAllowed("tls")) { try uri.applyingTXT("tls=false") }
    }

    @Test(arguments: [
        "http://host", "mongodb://", "mongodb://host:0", "mongodb://host:abc", "mongodb+srv://a.b.c:27017",
        "mongodb+srv://h1.a.b,h2.a.b", "mongodb+srv://short.net", "mongodb://:pw@host", "mongodb://host/?novalue",
    ])
    func refusesBadStrings(text: String) {
        #expect(throws: MongoURIError.self) { try MongoURI(text) }
    }
}
