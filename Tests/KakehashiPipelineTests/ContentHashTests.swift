import Crypto
import Testing
@testable import KakehashiPipeline

@Suite("Content hash (SHA-256)")
struct ContentHashTests {
    @Test("the standard's test vectors: empty, 'abc', the two-block message, a million 'a'")
    func vectors() {
        #expect(ContentHash.sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            ContentHash.sha256Hex(Array("abc".utf8))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            ContentHash.sha256Hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            ContentHash.sha256Hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("the same digest as swift-crypto on every length around the block boundaries and on random files")
    func sameAsSwiftCrypto() {
        var generator = SystemRandomNumberGenerator()
        var lengths = Array(0...200)
        for _ in 0..<20 { lengths.append(Int.random(in: 200...200_000, using: &generator)) }
        for n in lengths {
            let bytes = (0..<n).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let expected = SHA256.hash(data: bytes).map { String(byte: $0) }.joined()
            #expect(ContentHash.sha256Hex(bytes) == expected, "length \(n)")
        }
    }
}

private extension String {
    init(byte: UInt8) {
        let hex = Array("0123456789abcdef")
        self.init([hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
    }
}
