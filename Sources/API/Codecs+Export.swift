// API's public surface is built on `Codecs.JSONValue` (handler results, request bodies, the OpenAPI document), so every
// client of API needs `Codecs` as well: re-exported here once rather than imported by each of API's files and tests.
@_exported import Codecs
