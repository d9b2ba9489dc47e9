import NIOCore
import NIOHTTPTypes

/// Closes a connection that has not sent a whole request head within `timeout`: after it opens,
/// and again once every request it sent is answered, until the next head arrives. A client that sends its headers a
/// byte at a time (or not at all) keeps a connection for at most that long. Bodies and responses
/// are left to the idle timeout.
final class HeaderTimeout: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let timeout: TimeAmount
    private var pending: Scheduled<Void>?
    /// Requests whose head has arrived and whose response has not ended (more than one when pipelined).
    private var unanswered = 0

    init(timeout: TimeAmount) { self.timeout = timeout }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { start(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context)
        context.fireChannelActive()
    }

    func handlerRemoved(context: ChannelHandlerContext) { stop() }

    func channelInactive(context: ChannelHandlerContext) {
        stop()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            unanswered += 1
            stop()
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            unanswered = max(0, unanswered - 1)
            if unanswered == 0 { start(context) }
        }
        context.write(data, promise: promise)
    }

    private func start(_ context: ChannelHandlerContext) {
        guard pending == nil else { return }
        let loop = context.eventLoop.assumeIsolated()
        pending = loop.scheduleTask(in: timeout) { [weak self] in
            self?.pending = nil
            context.close(promise: nil)
        }
    }

    private func stop() {
        pending?.cancel()
        pending = nil
    }
}
