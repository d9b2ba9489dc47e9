import Foundation

/// Minimal JSON writing with a fixed key order (stable, diff-friendly output): the command line
/// and the server print the same bytes.
public enum JSON {
    public static func string(_ s: String) -> String {
        // Copy runs of bytes that need no escaping; escape the rest (quotes, backslash, controls,
        // and U+2028/U+2029, which some JSON consumers treat as line ends).
        var out: [UInt8] = [0x22]
        out.reserveCapacity(s.utf8.count + 2)
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes = s.utf8.makeIterator()
        var pending: [UInt8] = []
        while let b = bytes.next() {
            switch b {
            case 0x22: out += [0x5C, 0x22]
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, 0x6E]
            case 0x0D: out += [0x5C, 0x72]
            case 0x09: out += [0x5C, 0x74]
            case 0..<0x20: out += [0x5C, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]]
            case 0xE2:
                // U+2028 / U+2029 are E2 80 A8 / E2 80 A9.
                pending = [b]
                if let b1 = bytes.next() {
                    pending.append(b1)
                    if b1 == 0x80, let b2 = bytes.next() {
                        if b2 == 0xA8 || b2 == 0xA9 {
                            out += Array("\\u202".utf8) + [b2 == 0xA8 ? 0x38 : 0x39]; continue
                        }
                        pending.append(b2)
                    }
                }
                out += pending
            default: out.append(b)
            }
        }
        out.append(0x22)
        return String(decoding: out, as: UTF8.self)
    }

    /// One object from ordered (key, already-encoded value) pairs.
    public static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { string($0.0) + ":" + $0.1 }.joined(separator: ",") + "}"
    }

    public static func array(_ values: [String]) -> String { "[" + values.joined(separator: ",") + "]" }
}
