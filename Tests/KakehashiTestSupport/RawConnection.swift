import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A plain TCP connection to the server on loopback, for what no HTTP client sends: partial
/// heads, other Host headers, connections left open.
public final class RawConnection: @unchecked Sendable {
    public let fd: Int32

    public init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
    }

    private var open = true

    deinit { disconnect() }

    public func disconnect() {
        if open { close(fd) }
        open = false
    }

    public func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    }

    /// What the server sends within `seconds`, and whether it closed the connection by then. The
    /// wait runs on a thread of its own: an in-process server answers on Swift's concurrency pool,
    /// whose few threads a blocking wait must not hold.
    public func receive(within seconds: Double) async -> (text: String, closed: Bool) {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: self.receiveBlocking(within: seconds)) }
            thread.start()
        }
    }

    private func receiveBlocking(within seconds: Double) -> (text: String, closed: Bool) {
        var received: [UInt8] = []
        let end = Date().addingTimeInterval(seconds)
        var buffer = [UInt8](repeating: 0, count: 65536)
        while Date() < end {
            var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let left = Int32(max(1, end.timeIntervalSinceNow * 1000))
            guard poll(&poller, 1, left) > 0 else { continue }
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { return (String(decoding: received, as: UTF8.self), true) }
            received += buffer[0..<n]
        }
        return (String(decoding: received, as: UTF8.self), false)
    }
}
