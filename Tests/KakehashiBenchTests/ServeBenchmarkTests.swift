import Foundation
@testable import KakehashiBench
import Testing

@Suite("bench serve")
struct ServeBenchmarkTests {
    @Test("wrk's --latency report is read: rate, requests, p50 and p99 in any unit, failures")
    func wrkReport() throws {
        let report = """
            Running 10s test @ http://127.0.0.1:8080
              2 threads and 16 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency     6.10ms    2.31ms  40.12ms   80.00%
                Req/Sec     1.32k   100.00     1.50k    70.00%
              Latency Distribution
                 50%  850.00us
                 75%    7.00ms
                 90%    9.00ms
                 99%    1.20s
              26400 requests in 10.00s, 9.10MB read
              Socket errors: connect 0, read 2, write 0, timeout 3
              Non-2xx or 3xx responses: 4
            Requests/sec:   2640.00
            Transfer/sec:      0.91MB
            """
        let load = try ServeBenchmark.parseWrk(report, name: "exact")
        #expect(load.requests == 26400)
        #expect(load.requestsPerSecond == 2640)
        #expect(abs(load.p50Milliseconds - 0.85) < 1e-9)
        #expect(load.p99Milliseconds == 1200)
        #expect(load.failures == 9)
        #expect(throws: BenchError.self) { try ServeBenchmark.parseWrk("wrk: connection refused", name: "x") }
    }
}
