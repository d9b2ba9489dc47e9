import Foundation
import Hummingbird
import Logging

/// Records each request once it is answered, with one clock and one status for both records:
/// - the log: method, route pattern ("/tmserver/{source}/{target}/unit/**", never the path:
///   amaGama puts the text a translator is translating in the path, and queries are such text
///   too), status and duration in milliseconds;
/// - the metrics: a count and a latency by route pattern ("/api/v1/units/{id}", not the path,
///   so that the number of series stays small), method and status.
struct RequestRecorder<Context: RequestContext>: RouterMiddleware {
    let metrics: ServerMetrics

    func handle(
        _ request: Request, context: Context, next: (Request, Context) async throws -> Response
    ) async throws -> Response {
        let start = ContinuousClock.now
        func record(_ status: HTTPResponse.Status) {
            let elapsed = ContinuousClock.now - start
            let ms = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
            context.logger.info(
                "request",
                metadata: [
                    "method": "\(request.method)", "route": "\(context.endpointPath ?? "unmatched")",
                    "status": "\(status.code)", "ms": "\(String(format: "%.2f", ms))",
                ])
            metrics.record(
                route: context.endpointPath ?? "unmatched", method: request.method.rawValue, status: status.code,
                duration: elapsed)
        }
        do {
            let response = try await next(request, context)
            record(response.status)
            return response
        } catch {
            record((error as? any HTTPResponseError)?.status ?? .internalServerError)
            throw error
        }
    }
}
