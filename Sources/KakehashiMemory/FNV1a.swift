/// FNV-1a, 64 bits, over UTF-8: the hash of match keys (`UnitInserter.keyHash`), of units for
/// de-duplication (`UnitInserter.dedupHash`) and of index terms (`TermPostings.hash`).
struct FNV1a {
    private var state: UInt64 = 0xcbf2_9ce4_8422_2325

    @inline(__always)
    mutating func add(_ byte: UInt8) {
        state = (state ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }

    mutating func add(_ text: some StringProtocol) {
        for b in text.utf8 { add(b) }
    }

    var value: Int64 { Int64(bitPattern: state) }

    static func hash(_ text: some StringProtocol) -> Int64 {
        var h = FNV1a()
        h.add(text)
        return h.value
    }
}
