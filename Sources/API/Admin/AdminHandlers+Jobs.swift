import HTTP
import Jobs

/// `GET /api/admin/schedules`, `GET /api/admin/jobs`, `POST /api/admin/jobs/{jobId}/retry|cancel`.
extension AdminHandlers {
    func schedules(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        read(request, context, responder) { _, database in
            ["schedules": .array(try ScheduleOverview.all(in: database).map(AdminJSON.schedule))]
        }
    }

    /// `?state=` one of the job states (all when absent), `?limit=` 1 to 200; newest first.
    func jobs(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        read(request, context, responder, query: ["state", "limit"]) { admitted, database in
            var state: JobState?
            if let text = admitted.query.values["state"] {
                guard let parsed = JobState(rawValue: text) else {
                    throw APIRequestError.invalidParameter(
                        name: "state", expected: RequestBody.describe(JobState.allCases.map(\.rawValue)))
                }
                state = parsed
            }
            let jobs = try JobTable.list(state: state, kind: nil, limit: try Self.limit(admitted.query), in: database)
            return ["jobs": .array(jobs.map(AdminJSON.job))]
        }
    }

    func retryJob(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        act(request, context, responder, pathID: "jobId") { admitted in
            try emptyBody(request)
            services.jobs.retry(jobID: admitted.id, by: admitted.actor,
                                completion: answer(responder, context) { ["job": AdminJSON.job($0)] })
        }
    }

    func cancelJob(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        act(request, context, responder, pathID: "jobId") { admitted in
            try emptyBody(request)
            services.jobs.cancel(jobID: admitted.id, by: admitted.actor,
                                 completion: answer(responder, context) { ["job": AdminJSON.job($0)] })
        }
    }
}
