import Testing
@testable import KakehashiText

@Suite("Korean names in katakana")
struct KatakanaKoreanTests {
    @Test(
        "katakana names as Japanese newspapers write them read back into their Hangul",
        arguments: [
            ("イ・ジェミョン", "이재명"), ("キム・ミンソク", "김민석"), ("ユン・ソンニョル", "윤석열"), ("カン・ギョンファ", "강경화"),
            ("アン・ギュベク", "안규백"), ("ムン・ジェイン", "문재인"), ("パク・クネ", "박근혜"), ("キム・ジョンウン", "김정은"),
            ("チョ・ヒョン", "조현"), ("ハン・ドクス", "한덕수"), ("チェ・サンモク", "최상목"), ("ノ・ムヒョン", "노무현"), ("イ・ミョンバク", "이명박"),
        ])
    func readings(katakana: String, hangul: String) {
        #expect(KatakanaKorean.read(katakana)?.hangul == hangul)
    }

    @Test(
        "where katakana cannot tell (ン is ㄴ or ㅇ; a final carried over), the reading is among the alternatives",
        arguments: [
            ("キム・デジュン", "김대중"), ("ユン・ソギョル", "윤석열"), ("キム・ヨンナム", "김영남"),
        ])
    func ambiguousReadings(katakana: String, hangul: String) throws {
        let reading = try #require(KatakanaKorean.read(katakana))
        #expect(([reading.hangul] + reading.alternatives).contains(hangul))
    }

    @Test("names that are not Korean do not read as common Korean given names")
    func notKorean() {
        #expect(KatakanaKorean.read("アン・ハサウェイ")?.allSyllablesCommon != true)
        #expect(
            KatakanaKorean.read("ドナルド・トランプ") == nil || KatakanaKorean.read("ドナルド・トランプ")?.allSyllablesCommon == false)
        #expect(KatakanaKorean.read("キム") == nil)
        // A family name starts unvoiced in Japanese renderings of Korean (チョン, チョ); these are John and Joe.
        for english in ["ジョン・ウルフ", "ジョン・マン", "ジョー・リード", "ジョー・ジョーゲンセン"] {
            #expect(KatakanaKorean.read(english)?.allSyllablesCommon != true, "\(english)")
        }
    }
}
