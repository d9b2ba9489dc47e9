#!/usr/bin/env python3
"""Writes comparable-news.train.jsonl: thirteen comparable English-Japanese documents written for
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
 ("own-en-004", "newstest2021.en-ja.docs.jsonl", "abcnews.420117", "ja", [
  ("米カリフォルニア州オークランドで土曜日の夜、抗議デモの参加者が裁判所に火を付け、警察署を損壊した。", P, [1]),
  ("火災はアラメダ郡上級裁判所で発生したが、まもなく鎮火したと地元メディアが報じた。", T, [8]),
  ("オークランド警察はツイッターで、デモ隊が窓ガラスを割り、スプレーで落書きをし、花火を打ち上げ、警官にレーザーを向けたと明らかにした。", T, [2]),
  ("オークランドの抗議デモは当初平和的だったが、夜が更けるにつれて暴力的になった。", T, [6]),
  ("警察は午後11時30分ごろ「不法集会」を宣言し、群衆に解散を求めた。", T, [7]),
  ("抗議行動は、5月にミネアポリスで黒人男性ジョージ・フロイドさんが警官に拘束されて死亡した事件以来、全米で続いている。", R, [5]),
  ("オレゴン州ポートランドではトランプ大統領が派遣した連邦職員とデモ隊の衝突が続いており、オークランドのデモにも「母親の壁」などのグループが加わった。", R, [4, 5]),
  ("警察によると、住民に向けて人種差別的な言葉を叫ぶ参加者もいた。", P, [9]),
  ("けが人が出たかどうかは明らかになっていない。", "none", []),
 ]),
 ("own-en-005", "newstest2021.en-ja.docs.jsonl", "latimes.591189", "ja", [
  ("カリフォルニア州北部のラッセン郡で燃え広がっていた2つの山火事について、消防当局は延焼の食い止めが進んでいると明らかにした。", R, [1]),
  ("2つの火災による焼失面積は合わせて3万エーカーを超えた。", P, [1]),
  ("アディンの南で発生した「ゴールド火災」は4日間で2万1000エーカーを焼き、住宅7棟を全焼させ、消防士2人が病院に搬送された。", P, [2, 3]),
  ("カリフォルニア州森林保護防火局によると、ゴールド火災の封じ込め率は40%に達した。", P, [2]),
  ("夜間は気象条件が穏やかになり、消防士たちはこれを利用して防火線の構築と強化を進めた。", T, [4]),
  ("ただ、土曜日にかけては突風と低い湿度が予想されている。", T, [5]),
  ("スーザンビルの西では、「ホッグ火災」と呼ばれる小規模な火災が建物2棟を焼き、約1万エーカーを焼失させた。", T, [6]),
  ("ゴールド火災で負傷した消防士2人はすでに退院した。", T, [11]),
  ("両火災の一部地域には依然として避難命令が出ており、住民が自宅に戻れるめどは立っていない。", R, [10]),
 ]),
 ("own-ja-004", "newstest2021.ja-en.docs.jsonl", "yahoo-ja.978598", "en", [
  ("A hospital worker in Nagano Prefecture has been infected with the coronavirus, the first case of a medical worker in the prefecture.", P, [1, 2]),
  ("The woman, in her 40s, works at the Suwa Red Cross Hospital in the city of Suwa.", R, [2, 3]),
  ("Her case brings the number of infections in the prefecture to 87.", P, [4]),
  ("According to the prefecture, she developed a cough and phlegm on the 13th and visited three medical institutions from the 17th.", T, [5]),
  ("She was hospitalized on the 23rd and tested positive on the 24th.", T, [6]),
  ("Her symptoms are mild, and four family members identified as close contacts have no symptoms.", T, [7]),
  ("Health officials have not said where she may have caught the virus.", R, [9]),
  ("The hospital said it would test everyone who had contact with her and disinfect the ward where she worked.", P, [11]),
  ("Nagano has been one of the less affected prefectures in Japan since the outbreak began.", "none", []),
 ]),
 ("own-ja-005", "newstest2021.ja-en.docs.jsonl", "yahoo-ja.979202", "en", [
  ("A cluster of coronavirus infections has been confirmed at a fire station in Kofu, Yamanashi Prefecture, after a fifth firefighter tested positive.", R, [2, 5]),
  ("The city of Kofu said a man in his 30s working at the Minami Fire Station of the Kofu District Fire Department had been infected.", P, [1, 2]),
  ("He developed a fever on the 14th and tested positive yesterday after a PCR test.", P, [3]),
  ("He currently has no symptoms and is staying at home.", T, [4]),
  ("Six other staff members with symptoms suggesting infection are being tested.", T, [6]),
  ("The fire department said it had set up a support system and deployed other units, so its work would not be disrupted.", T, [7]),
  ("The man was not among the close contacts of the four earlier cases at the fire department.", P, [3]),
  ("He is the 85th person confirmed to be infected in the prefecture, excluding people who tested positive again.", T, [8]),
  ("Fire departments across the country have tightened infection controls as cases rise.", "none", []),
 ]),
 ("own-ja-006", "newstest2021.ja-en.docs.jsonl", "yahoo-ja.978105", "en", [
  ("Five Spanish top-flight clubs are in the running to sign Japan midfielder Takefusa Kubo, according to the Spanish newspaper Marca.", R, [0, 5]),
  ("Kubo, 19, played this season for Mallorca, which was relegated to the second division.", P, [1, 2]),
  ("His performances late in the season sharply raised his value.", P, [2]),
  ("Because of the limit on non-EU players, a return to Real Madrid, which holds his rights, is difficult, so he is expected to play for another club next season.", T, [3]),
  ("About 30 clubs have already made offers, but Real Madrid wants him to gain experience at a Spanish club.", T, [4]),
  ("Marca named Real Sociedad, Villarreal, Granada, Getafe and Betis as the most likely destinations.", P, [5]),
  ("Villarreal and Real Sociedad have qualified for next season's Europa League, and Granada will enter in the second qualifying round.", P, [6]),
  ("Real Madrid wants him at a club that finishes in the top half of the league.", R, [5]),
  ("Kubo joined Real Madrid from FC Tokyo in 2019.", "none", []),
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
