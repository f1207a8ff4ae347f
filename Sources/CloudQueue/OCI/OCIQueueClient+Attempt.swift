import Clocks
import Codecs
import Foundation
import HTTP

extension OCIQueueClient {
    /// What one attempt came to: a 2xx response, or a failure worth retrying (non-retryable ones throw).
    enum AttemptResult {
        case success(HTTPClientResponse)
        case retry(failure: String, retryAfterSeconds: Int?)
    }

    /// Signs (with a fresh date) and sends one request on the kept connection, opening it first when needed.
    func attemptOnce(_ method: HTTPMethod, _ target: String, body: [UInt8]) throws(OCIQueueError) -> AttemptResult {
        let endpoint = configuration.endpoint
        var headers = HTTPHeaders()
        do {
            let date = OCIRequestSigner.httpDate(configuration.clock.now.date)
            let signed = try configuration.signer.headers(
                method: method.rawValue, host: endpoint.hostHeader, target: target, date: date, body: body)
            for field in signed { headers.add(field.name, field.value) }
        } catch {
            throw .signingFailed(reason: "\(error)")
        }
        let response: HTTPClientResponse
        do {
            let client = try connectedClient()
            countRequest()
            response = try client.send(method, target, headers: headers, body: OCIRequestSigner.signsBody(method.rawValue) ? body : [])
        } catch let error as HTTPClientError {
            close()
            if case .transportFailed(_, _, let reason) = error { throw .tlsFailed(reason: reason) }
            return .retry(failure: "\(error)", retryAfterSeconds: nil)
        } catch {
            close()
            return .retry(failure: "\(error)", retryAfterSeconds: nil)
        }
        return try classify(response)
    }

    private func classify(_ response: HTTPClientResponse) throws(OCIQueueError) -> AttemptResult {
        let status = response.status
        if (200..<300).contains(status) { return .success(response) }
        let error = try? JSONCoding.decode(OCIQueueJSON.ErrorBody.self, from: response.body)
        let code = error?.code ?? "HTTP\(status)"
        let message = error?.message ?? String(response.bodyText.prefix(200))
        let requestID = response.headers["opc-request-id"]
        switch status {
        case 401: throw .notAuthenticated(code: code, message: message, requestID: requestID)
        case 404: throw .notAuthorizedOrNotFound(code: code, message: message, requestID: requestID)
        case 409, 429, 500...599:
            let retryAfter = response.headers["retry-after"].flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            return .retry(failure: "\(status) \(code): \(message)", retryAfterSeconds: retryAfter)
        default: throw .rejected(status: status, code: code, message: message, requestID: requestID)
        }
    }
}
