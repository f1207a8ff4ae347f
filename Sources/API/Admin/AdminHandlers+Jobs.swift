import HTTP
import Jobs

/// `GET /api/admin/schedules`, `GET /api/admin/jobs`, `POST /api/admin/jobs/{jobId}/retry|cancel`.
extension AdminHandlers {
    func schedules(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            _ = try admit(request, context)
            _ = try QueryParameters(request, allowed: [])
            let schedules = try environment.readers.reader(context.loopIndex).read { database in
                try ScheduleOverview.all(in: database)
            }
            return APIResponses.json(["schedules": .array(schedules.map(AdminJSON.schedule))])
        }
    }

    /// `?state=` one of the job states (all when absent), `?limit=` 1 to 200; newest first.
    func jobs(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            _ = try admit(request, context)
            let query = try QueryParameters(request, allowed: ["state", "limit"])
            var state: JobState?
            if let text = query.values["state"] {
                guard let parsed = JobState(rawValue: text) else {
                    throw APIRequestError.invalidParameter(
                        name: "state", expected: RequestBody.describe(JobState.allCases.map(\.rawValue)))
                }
                state = parsed
            }
            let limit = try Self.limit(query)
            let jobs = try environment.readers.reader(context.loopIndex).read { database in
                try JobTable.list(state: state, kind: nil, limit: limit, in: database)
            }
            return APIResponses.json(["jobs": .array(jobs.map(AdminJSON.job))])
        }
    }

    func retryJob(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let actor = try admit(request, context)
            let jobID = try PathParameter.id(request, "jobId")
            _ = try QueryParameters(request, allowed: [])
            try Self.emptyBody(request, environment: environment)
            services.jobs.retry(jobID: jobID, by: actor, completion: answer(responder, context) { ["job": AdminJSON.job($0)] })
            return nil
        }
    }

    func cancelJob(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let actor = try admit(request, context)
            let jobID = try PathParameter.id(request, "jobId")
            _ = try QueryParameters(request, allowed: [])
            try Self.emptyBody(request, environment: environment)
            services.jobs.cancel(jobID: jobID, by: actor, completion: answer(responder, context) { ["job": AdminJSON.job($0)] })
            return nil
        }
    }

    /// A POST without fields: no body, or a JSON object with no members (`{}`).
    static func emptyBody(_ request: HTTPRequest, environment: APIEnvironment) throws(APIRequestError) {
        guard !request.body.isEmpty else { return }
        _ = try RequestBody(request, allowedFields: [], limitBytes: environment.configuration.maxBodyBytes)
    }
}
