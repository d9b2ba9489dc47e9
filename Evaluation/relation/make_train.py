#!/usr/bin/env python3
"""Writes comparable-news.train.jsonl: eight comparable English-Japanese documents written for
Kakehashi in the format of the dev set (see README.md). The original side of each is a WMT21
newstest2021 document, read from ../wmt21/; the new side, the links and the labels are ours."""
import json, os, sys

here = os.path.dirname(os.path.abspath(__file__))
wmt = os.path.join(here, "..", "wmt21")

def original(file, doc):
    for line in open(os.path.join(wmt, file), encoding="utf-8"):
        d = json.loads(line)
        if d["doc"] == doc:
            return d
    sys.exit(f"{file}: no document {doc}")

T, P, R = "translation", "partial", "related"
# (id, file, doc, written side, new sentences, links as (relation, original indices) per new sentence)
DOCS = [
 ("own-en-000", "newstest2021.en-ja.docs.jsonl", "egyptindependent.com.6413", "ja", [
  ("イスラエルで新型コロナウイルスの感染者が急増し、累計は土曜日に6万人を超えた。", P, [1]),
  ("同国の保健省によると、最新の1日の集計で新たに1770人の感染が確認され、累計の感染者数は6万496人となった。", T, [2]),
  ("人口900万人のイスラエルでは、これまでに455人が死亡している。", T, [3]),
  ("政府は経済への打撃を懸念して規制を緩めたが、その後感染が再び広がった。", P, [6]),
  ("イスラエルは世界に先駆けて全国的なロックダウンを導入し、当初は感染の封じ込めに成功していた。", T, [4]),
  ("一時は数百人に上った1日の感染者数は、10人台にまで減っていた。", T, [5]),
  ("経済活動の再規制に対する国民の不満は高まっており、ネタニヤフ政権への抗議デモが連日続いている。", R, [7]),
  ("イスラエルでは9月に新年の祝日を控えており、再度の全国的な封鎖も取り沙汰されている。", "none", []),
 ]),
 ("own-en-001", "newstest2021.en-ja.docs.jsonl", "seattle_times.253486", "ja", [
  ("国連総会の次期議長に選ばれたトルコの外交官ボルカン・ボズクル氏は日曜日、予定していたパキスタン訪問を延期すると発表した。", P, [1, 2]),
  ("理由について同氏は「飛行機の技術的な問題」を挙げた。", P, [1]),
  ("トルコの外交官ボズクル氏は先月、第75回国連総会の議長に選ばれ、日曜日にイスラマバードに到着する予定だった。", T, [2]),
  ("パキスタンのクレシ外相はツイッターで「建設的で実りある訪問のため、近くパキスタンにお迎えするのを楽しみにしている」と応じた。", T, [4]),
  ("クレシ氏は訪問の際、インドと領有権を争うカシミール問題を取り上げたい考えだった。", P, [5]),
  ("パキスタンとインドは1947年に英国の支配から独立して以来、3度の戦争のうち2度をこの係争地を巡って戦ってきた。", T, [6]),
  ("パキスタンは、住民投票で帰属を決めるよう求める国連決議に基づき、国連が問題の解決に役割を果たすことを望んでいる。", P, [8]),
  ("インドは2019年にカシミールの自治権を剥奪しており、両国の対立は深まっている。", "none", []),
 ]),
 ("own-en-002", "newstest2021.en-ja.docs.jsonl", "rte.en.ie.30771", "ja", [
  ("グウィネス・パルトロウは、子どもたちに何でも与えてしまうのではなく、勤労の精神を持つように育てたいと語った。", T, [1]),
  ("パルトロウには元夫クリス・マーティンとの間に、アップル（16）とモーゼス（14）の2人の子どもがいる。", P, [2]),
  ("パルトロウはロブ・ロウのポッドキャストで、親としてできるのは善悪を教え、働くとはどういうことかを教えることだけだと話した。", R, [3, 5]),
  ("子どもたちのソーシャルメディアのアカウントは非公開にさせているという。", P, [6]),
  ("「ソーシャルメディアで公開させることは一切しない。できる限り世間の目から遠ざけるようにしている」と彼女は語った。", T, [7]),
  ("「今の子どもは『YouTubeのチャンネルを作ってもいい？』と聞いてくるけれど、私は『だめ』と答える」という。", P, [8, 9]),
  ("パルトロウはライフスタイルブランド「グープ」の創業者としても知られる。", "none", []),
  ("親の名声に頼らず、しっかりした価値観を持ってほしいとも話している。", P, [2]),
 ]),
 ("own-en-003", "newstest2021.en-ja.docs.jsonl", "abcnews.420122", "ja", [
  ("米ジョージア州オーガスタの池に沈んだ車の中から、女性と生後10カ月の双子の遺体が見つかった。", P, [1]),
  ("遺体は25歳のシャキア・フィルポットさんと、その子どものケイセンちゃんとカシアスちゃんと確認された。", T, [4]),
  ("オーガスタ・クロニクル紙によると、リッチモンド郡保安官事務所は、作業員が金曜日の午後、オーガスタのメイヤーズ池で車を発見したと明らかにした。", T, [2]),
  ("3人はその場で死亡が確認された。", P, [3]),
  ("車は付近で釣りをしていた人が見つけたという。", P, [6]),
  ("一家がなぜ池に転落したのかは分かっておらず、警察が詳しい経緯を調べている。", R, [5, 8]),
  ("遺体はジョージア州捜査局に送られ、司法解剖される予定だ。", T, [7]),
  ("オーガスタはアトランタの東約240キロに位置する都市で、ゴルフのマスターズ・トーナメントの開催地として知られる。", "none", []),
 ]),
 ("own-ja-000", "newstest2021.ja-en.docs.jsonl", "sanyo_shimbun-ja.6157", "en", [
  ("Students at a special needs school in Okayama are making Bizen ware figurines of Amabie, a mythical creature said to ward off epidemics, as gifts for elderly people.", P, [1]),
  ("Eleven high school students have been making the figures three days a week since June as part of their morning classes.", T, [3]),
  ("The project was planned to wish for an early end to the pandemic and for good health, as the coronavirus has made the usual in-store sales training and exchanges with local residents difficult.", T, [2]),
  ("Each figurine takes two to three weeks to finish, including drying and firing.", T, [5]),
  ("The students wrap the clay in straw to bring out the red hidasuki pattern typical of Bizen ware.", P, [4]),
  ("On the 27th they will deliver 40 of them to residents of a nearby nursing home, Okayama Yurakuen.", P, [7]),
  ("\"We are working hard, hoping the elderly will beat the coronavirus and stay well,\" said an 18-year-old third-year student.", T, [6]),
  ("Bizen ware, one of Japan's six ancient kilns, is fired without glaze in the Bizen area of Okayama Prefecture.", "none", []),
 ]),
 ("own-ja-001", "newstest2021.ja-en.docs.jsonl", "yahoo-ja.979382", "en", [
  ("Two more people have tested positive for the coronavirus in Sendai, the city said.", P, [1]),
  ("Both are male office workers living in Sendai, one in his fifties and one in his sixties.", T, [2]),
  ("The total number of cases in the prefecture has reached 142.", T, [7]),
  ("According to the city, the man in his sixties was a close contact of a woman in her twenties at the same company whose infection was confirmed on the 23rd.", T, [3]),
  ("He had complained of a headache and diarrhea since the 12th.", P, [4]),
  ("The man in his fifties developed a headache on the 19th and had visited Hokkaido in mid-month, but it is not known how he was infected.", P, [5, 6]),
  ("Both men's infections were confirmed on the 25th.", R, [4, 5]),
  ("Sendai is the largest city in the Tohoku region, with a population of about 1.1 million.", "none", []),
 ]),
 ("own-ja-002", "newstest2021.ja-en.docs.jsonl", "saga_shimbun-ja.8447", "en", [
  ("A young business owners' group in Kashima, Saga Prefecture, has donated disinfectant to shops in front of Yutoku Inari Shrine that were flooded by heavy rain this month.", P, [1]),
  ("The group prepared 60 bottles of 500 milliliters of hypochlorous acid water at an adjusted concentration.", T, [4]),
  ("The gift was meant to encourage shop owners busy cleaning up to reopen, and to help with coronavirus measures.", P, [2, 3]),
  ("The shops will use it to disinfect hands and doors that many people touch.", T, [6]),
  ("\"Shops need to be ready to receive tourists. We are grateful,\" said Fumio Morooka, head of the Yutoku tourism shops' association of about 30 businesses.", T, [5]),
  ("Yoshihiro Yamaguchi, 39, who heads the group, said he hoped to help fellow Kashima businesses in a difficult time.", P, [7]),
  ("Yutoku Inari Shrine is one of Japan's three major Inari shrines and draws about three million visitors a year.", "none", []),
  ("The rain earlier this month flooded the shopping street in front of the shrine, forcing shops to close.", R, [1]),
 ]),
 ("own-ja-003", "newstest2021.ja-en.docs.jsonl", "yamagata_shimbun-ja.5039", "en", [
  ("A solar halo and a circumhorizontal arc appeared together in the sky over Yamagata city shortly before 9 a.m. on the 24th.", P, [2]),
  ("Both phenomena occur when sunlight hits tiny ice crystals in clouds and is refracted or reflected, according to the Yamagata Local Meteorological Observatory.", T, [3]),
  ("Halos are relatively common, but the arc appears far less often.", T, [5]),
  ("Unlike an ordinary rainbow, which is seen opposite the sun, the arc appears in the same direction as the sun.", T, [4]),
  ("In Takahata, Chieko Takeda, 75, saw it at home around 11 a.m. after her daughter told her a strange rainbow had appeared.", P, [7]),
  ("\"It was my first time seeing one. I was worried it was a bad omen, but I'm glad I saw something so rare,\" she said.", P, [8]),
  ("The rare display drew attention from residents across the city, many of whom posted photos on social media.", "none", []),
  ("The arc was visible for about 20 minutes.", P, [8]),
 ]),
]

out = open(os.path.join(here, "comparable-news.train.jsonl"), "w", encoding="utf-8")
for ident, file, doc, written, sentences in DOCS:
    source = original(file, doc)
    kept = "en" if written == "ja" else "ja"
    record = {"id": ident, "source_file": file, "doc": doc, "written": written,
              "en": None, "ja": None, "links": []}
    record[kept] = source[kept]
    record[written] = [s for s, _, _ in sentences]
    for k, (_, relation, indices) in enumerate(sentences):
        link = {written: [k], kept: indices, "relation": relation}
        record["links"].append({"ja": link["ja"], "en": link["en"], "relation": relation})
    out.write(json.dumps(record, ensure_ascii=False) + "\n")
print("wrote", len(DOCS), "documents")
