import Foundation
import Prometheus

/// The server's Prometheus metrics, in a registry of its own (no process-wide state, so several
/// servers can run in one process): requests and their latency by route, method and status, and
/// the memory's size, read at each scrape.
public final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    /// Latency buckets, from a cached exact match to a large export.
    static let buckets: [Duration] = [
        .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5), .milliseconds(10),
        .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500),
        .seconds(1), .seconds(2.5), .seconds(10),
    ]

    public init() {}

    func record(route: String, method: String, status: Int, duration: Duration) {
        let labels = [("route", route), ("method", method), ("status", String(status))]
        registry.makeCounter(
            descriptor: MetricNameDescriptor(
                namespace: "kakehashi", metricName: "http_requests", unitName: "total",
                helpText: "HTTP requests answered"), labels: labels
        ).increment()
        registry.makeDurationHistogram(
            descriptor: MetricNameDescriptor(
                namespace: "kakehashi", metricName: "http_request_duration",
                unitName: "seconds", helpText: "Time to answer an HTTP request"),
            labels: [("route", route), ("method", method)], buckets: ServerMetrics.buckets
        ).record(duration)
    }

    func setMemory(units: Int, bytes: Int64) {
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "kakehashi", metricName: "memory_units", unitName: "",
                helpText: "Translation units in the memory")
        ).set(Double(units))
        registry.makeGauge(
            descriptor: MetricNameDescriptor(
                namespace: "kakehashi", metricName: "memory_file", unitName: "bytes",
                helpText: "Size of the memory file")
        ).set(Double(bytes))
    }

    /// The Prometheus text exposition of every metric.
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}
