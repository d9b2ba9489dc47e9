/// The curated news glossary, in the TSV format users extend it with (`--glossary FILE`): one
/// entry per line, `Japanese<TAB>English renderings separated by " | "<TAB>kind<TAB>source`, with
/// `#` comment lines. It fills what EDICT lacks in news English (会談 → talks, 首脳会談 → summit),
/// fixes sense order (大統領 → president, not buddy), and names the people, places and titles of the
/// region. It is embedded in the code so that it works with no dictionary installed.
enum NewsGlossary {
    static let tsv = #"""
        # Kakehashi news glossary: Japanese, English renderings (" | " between alternatives, most usual first), kind, source.
        # Written by the Kakehashi developers. "source" says where the pairing is attested: seeds (the sample articles),
        # wmt21 (a sentence pair of WMT21 newstest2021 has both), edict / enamdict (the EDRDG
        # dictionary lists that rendering too), or editor (our own rendering, in use in English-language news).
        # kinds: term, title, country, place, person, org.
        会談	talks | meeting | met | meet	term	seeds
        首脳会談	summit | summit talks | summit meeting	term	seeds
        首脳会議	summit | summit meeting	term	seeds
        首脳	leader | leaders | summit	term	seeds
        両首脳	two leaders | both leaders	term	seeds
        初の首脳会談	first summit	term	seeds
        電話会談	phone talks | telephone talks | phone call | phone conversation	term	editor
        外相会談	foreign ministers' meeting | foreign ministers' talks	term	editor
        会合	meeting | gathering	term	seeds
        会議	meeting | conference	term	seeds
        シャトル外交	shuttle diplomacy	term	edict
        首脳外交	summit diplomacy	term	editor
        外交	diplomacy | diplomatic	term	wmt21
        国交正常化	normalization of diplomatic ties | normalization of diplomatic relations | normalization of ties	term	editor
        国交	diplomatic relations | diplomatic ties	term	edict
        国交正常化60周年	60th anniversary of diplomatic normalization	term	editor
        関係正常化	normalization of relations	term	editor
        未来志向	future-oriented | forward-looking	term	seeds
        二国間	bilateral	term	wmt21
        両国	two countries | both countries | two nations | both nations	term	seeds
        両国関係	bilateral relations | bilateral ties | relations between the two countries	term	edict
        日韓関係	Japan-South Korea relations | Korea-Japan relations | Japan-Korea relations | bilateral relations	term	editor
        日韓米	Japan, the United States and South Korea | trilateral | South Korea, the United States and Japan	term	seeds
        日米韓	Japan, the United States and South Korea | trilateral | South Korea, the United States and Japan	term	edict
        韓米日	trilateral | South Korea, the United States and Japan	term	editor
        三カ国	trilateral | three countries | three nations	term	seeds
        三か国	trilateral | three countries | three nations	term	editor
        3カ国	trilateral | three countries | three nations	term	editor
        日中韓	Japan, China and South Korea | trilateral	term	editor
        協力	cooperation | cooperate | collaboration	term	seeds
        協力強化	strengthening cooperation | stronger cooperation	term	seeds
        安全保障	security	term	seeds
        安保	security	term	wmt21
        経済協力	economic cooperation	term	seeds
        戦略的	strategic	term	seeds
        互恵	mutually beneficial | reciprocal	term	editor
        共同声明	joint statement	term	editor
        共同発表	joint announcement | joint statement	term	editor
        共同記者会見	joint press conference | joint news conference	term	edict
        記者会見	press conference | news conference	term	wmt21
        首相官邸	prime minister's office | Kantei	org	enamdict
        官邸	prime minister's office | official residence	org	wmt21
        大統領府	presidential office	org	editor
        大統領室	presidential office	org	editor
        青瓦台	Cheong Wa Dae | Blue House	place	edict
        龍山	Yongsan	place	editor
        首相	prime minister | premier | PM	title	seeds
        総理	prime minister | premier	title	wmt21
        総理大臣	prime minister	title	wmt21
        大統領	president	title	seeds
        副大統領	vice president	title	edict
        国家主席	president	title	seeds
        主席	chairman | president	title	seeds
        外相	foreign minister	title	edict
        外務大臣	foreign minister	title	wmt21
        外務長官	foreign minister	title	editor
        外交部長官	foreign minister	title	editor
        国防相	defense minister | defence minister	title	wmt21
        国防部長官	defense minister | defence minister	title	editor
        防衛相	defense minister | defence minister	title	editor
        防衛大臣	defense minister | defence minister	title	editor
        国防長官	defense secretary	title	editor
        国務長官	secretary of state	title	wmt21
        財務長官	treasury secretary	title	wmt21
        財務相	finance minister	title	editor
        財務大臣	finance minister	title	wmt21
        経済産業相	economy minister | trade minister | economy, trade and industry minister	title	editor
        官房長官	chief cabinet secretary	title	edict
        政調会長	policy chief | policy research council chairman | policy research council chairperson	title	edict
        政務調査会長	policy chief | policy research council chairman	title	editor
        幹事長	secretary-general | secretary general	title	edict
        総裁	president | leader	title	edict
        党首	party leader | leader	title	wmt21
        議長	speaker | chairman | chair	title	wmt21
        委員長	chairman | chairperson | chair	title	edict
        国会議長	speaker of the national assembly | speaker	title	editor
        議員	lawmaker | lawmakers | legislator | member of parliament	title	wmt21
        国会議員	lawmaker | lawmakers | legislator	title	editor
        特別顧問	special adviser | special advisor	title	editor
        顧問	adviser | advisor	title	wmt21
        補佐官	aide | adviser	title	edict
        大使	ambassador	title	edict
        駐日大使	ambassador to japan	title	edict
        駐韓大使	ambassador to south korea	title	editor
        報道官	spokesperson | spokesman | spokeswoman	title	wmt21
        長官	secretary | minister | chief	title	wmt21
        閣僚	minister | ministers | cabinet minister	title	edict
        内閣	cabinet	org	edict
        政権	administration | government	term	wmt21
        新政権	new administration | new government	term	editor
        政府	government	term	wmt21
        与党	ruling party	term	edict
        野党	opposition party | opposition	term	edict
        自民党	Liberal Democratic Party | LDP	org	edict
        自由民主党	Liberal Democratic Party | LDP	org	wmt21
        立憲民主党	Constitutional Democratic Party	org	edict
        公明党	Komeito	org	edict
        日本維新の会	Japan Innovation Party | Ishin	org	edict
        共に民主党	Democratic Party	org	editor
        国民の力	People Power Party	org	editor
        政務調査会	Policy Research Council	org	editor
        日韓議員連盟	Japan-Korea Parliamentarians' Union | Korea-Japan Parliamentarians' Union	org	editor
        日韓協力委員会	Japan-Korea Cooperation Committee | Korea-Japan Cooperation Committee	org	editor
        外務省	foreign ministry | ministry of foreign affairs	org	wmt21
        外交部	foreign ministry	org	editor
        防衛省	defense ministry | ministry of defense	org	edict
        国防部	defense ministry | ministry of national defense	org	editor
        聯合ニュース	Yonhap	org	wmt21
        聯合	Yonhap	org	wmt21
        共同通信	Kyodo	org	editor
        自衛隊	Self-Defense Forces | SDF	org	edict
        海上自衛隊	Maritime Self-Defense Force	org	editor
        韓国軍	South Korean military | South Korean forces	org	editor
        在日米軍	U.S. forces in Japan	org	editor
        在韓米軍	U.S. forces in South Korea | USFK	org	editor
        基地	base	term	edict
        海軍基地	naval base	term	edict
        ミサイル	missile	term	edict
        弾道ミサイル	ballistic missile	term	edict
        ミサイル発射	missile launch	term	editor
        核	nuclear	term	edict
        核開発	nuclear development | nuclear program	term	edict
        非核化	denuclearization	term	edict
        拉致問題	abduction issue	term	edict
        歴史問題	historical issues | history issues	term	editor
        歴史認識	historical perception | view of history	term	editor
        徴用工	wartime laborers | forced laborers	term	editor
        慰安婦	comfort women	term	edict
        竹島	Takeshima | Dokdo	place	enamdict
        独島	Dokdo	place	editor
        領土	territory	term	wmt21
        台湾問題	Taiwan issue	term	editor
        緊張	tension | tensions	term	seeds
        地域の安定	regional stability	term	seeds
        平和	peace	term	seeds
        安定	stability | stable	term	seeds
        繁栄	prosperity	term	wmt21
        貿易	trade	term	seeds
        貿易摩擦	trade friction | trade conflict | trade dispute	term	edict
        貿易紛争	trade dispute | trade conflict	term	editor
        関税	tariff | tariffs	term	edict
        輸出規制	export controls | export restrictions	term	edict
        投資	investment	term	wmt21
        経済	economy | economic	term	seeds
        サプライチェーン	supply chain	term	edict
        半導体	semiconductor | semiconductors | chip | chips	term	wmt21
        先端技術	advanced technology | cutting-edge technology	term	editor
        人工知能	artificial intelligence | AI	term	edict
        交流	exchange | exchanges	term	seeds
        人的交流	people-to-people exchanges | personal exchanges	term	editor
        青少年交流	youth exchanges	term	editor
        若者	young people | youth	term	wmt21
        青年	youth | young people	term	edict
        相互訪問	reciprocal visits | mutual visits	term	edict
        訪問	visit	term	seeds
        訪日	visit to Japan	term	edict
        訪韓	visit to South Korea | visit to Korea	term	edict
        来日	visit to Japan | arrive in Japan	term	edict
        就任	took office | inauguration | assume office	term	edict
        就任後	since taking office	term	editor
        初	first	term	seeds
        初の	first	term	seeds
        初めて	first time | for the first time	term	wmt21
        女性初	first female | first woman	term	editor
        女性首相	female prime minister | woman prime minister	term	editor
        周年	anniversary	term	wmt21
        記念	commemorate | anniversary	term	wmt21
        祝賀	congratulatory | celebration	term	edict
        祝辞	congratulatory message | congratulatory address	term	edict
        ビデオメッセージ	video message	term	edict
        懸案	pending issues | outstanding issues	term	editor
        難しい問題	difficult issues	term	editor
        合意	agreement | agreed | agree	term	seeds
        約束	pledge | pledged | promise | commit	term	seeds
        確認	confirm | confirmed | affirm | affirmed	term	wmt21
        強調	emphasize | emphasized | stress | stressed | highlight | highlighted	term	seeds
        一致	agree | agreed | consensus	term	edict
        表明	express | expressed	term	edict
        歓迎	welcome | welcomed	term	wmt21
        期待	hope | expect | expectation	term	wmt21
        懸念	concern | concerns	term	wmt21
        重要性	importance	term	seeds
        重要	important | key	term	seeds
        意義	significance | meaningful	term	seeds
        象徴的	symbolic	term	edict
        個人的	personal	term	edict
        絆	bond | ties	term	seeds
        信頼	trust	term	wmt21
        信頼関係	relationship of trust | trust	term	edict
        隣国	neighbor | neighbour | neighboring country | neighbors	term	wmt21
        隣人	neighbor | neighbour	term	edict
        パートナー	partner	term	wmt21
        国際情勢	international situation | global environment | geopolitical situation	term	seeds
        急速に	rapidly	term	seeds
        アジア太平洋経済協力会議	Asia-Pacific Economic Cooperation | APEC	org	seeds
        アジア太平洋経済協力	Asia-Pacific Economic Cooperation | APEC	org	seeds
        東南アジア諸国連合	Association of Southeast Asian Nations | ASEAN	org	enamdict
        国連	United Nations | UN | U.N.	org	wmt21
        国際連合	United Nations	org	edict
        主要7カ国	Group of Seven | G7	org	editor
        先進7カ国	Group of Seven | G7	org	editor
        北大西洋条約機構	NATO	org	edict
        世界貿易機関	World Trade Organization | WTO	org	edict
        国際通貨基金	International Monetary Fund | IMF	org	edict
        世界保健機関	World Health Organization | WHO	org	edict
        日本	Japan | Japanese	country	seeds
        韓国	South Korea | Korea | South Korean | Korean	country	seeds
        大韓民国	Republic of Korea | South Korea	country	edict
        北朝鮮	North Korea | North Korean	country	seeds
        朝鮮民主主義人民共和国	Democratic People's Republic of Korea | DPRK	country	edict
        中国	China | Chinese	country	seeds
        米国	United States | U.S. | US | America | American	country	wmt21
        アメリカ	United States | America | American | U.S.	country	wmt21
        米	U.S. | US | American | United States	country	seeds
        日	Japan | Japanese	country	seeds
        韓	South Korea | Korea | Korean	country	seeds
        中	China | Chinese	country	seeds
        露	Russia | Russian	country	edict
        ロシア	Russia | Russian	country	wmt21
        台湾	Taiwan | Taiwanese	country	edict
        英国	Britain | United Kingdom | UK | British	country	wmt21
        イギリス	Britain | United Kingdom | British	country	wmt21
        フランス	France | French	country	wmt21
        ドイツ	Germany | German	country	wmt21
        イタリア	Italy | Italian	country	wmt21
        カナダ	Canada | Canadian	country	wmt21
        オーストラリア	Australia | Australian	country	wmt21
        インド	India | Indian	country	wmt21
        ウクライナ	Ukraine | Ukrainian	country	enamdict
        イスラエル	Israel | Israeli	country	wmt21
        イラン	Iran | Iranian	country	wmt21
        ベトナム	Vietnam | Vietnamese	country	edict
        フィリピン	Philippines | Philippine	country	wmt21
        インドネシア	Indonesia | Indonesian	country	enamdict
        タイ	Thailand | Thai	country	enamdict
        シンガポール	Singapore	country	enamdict
        マレーシア	Malaysia	country	enamdict
        モンゴル	Mongolia	country	edict
        欧州連合	European Union | EU	country	edict
        欧州	Europe | European	country	edict
        東京	Tokyo	place	wmt21
        ソウル	Seoul	place	wmt21
        北京	Beijing	place	seeds
        ワシントン	Washington	place	wmt21
        モスクワ	Moscow	place	wmt21
        平壌	Pyongyang	place	edict
        釜山	Busan	place	wmt21
        慶州	Gyeongju	place	enamdict
        済州	Jeju	place	edict
        済州島	Jeju Island | Jeju	place	enamdict
        仁川	Incheon	place	edict
        大邱	Daegu	place	enamdict
        光州	Gwangju	place	enamdict
        奈良	Nara	place	wmt21
        奈良県	Nara Prefecture | Nara	place	wmt21
        京都	Kyoto	place	wmt21
        大阪	Osaka	place	wmt21
        広島	Hiroshima	place	wmt21
        長崎	Nagasaki	place	wmt21
        横須賀	Yokosuka	place	enamdict
        横浜	Yokohama	place	edict
        神奈川県	Kanagawa Prefecture | Kanagawa	place	wmt21
        沖縄	Okinawa	place	wmt21
        北海道	Hokkaido	place	wmt21
        福岡	Fukuoka	place	wmt21
        名古屋	Nagoya	place	wmt21
        対馬	Tsushima	place	edict
        板門店	Panmunjom	place	editor
        朝鮮半島	Korean Peninsula	place	edict
        東アジア	East Asia	place	edict
        インド太平洋	Indo-Pacific	place	edict
        日本海	Sea of Japan | East Sea	place	edict
        東シナ海	East China Sea	place	edict
        南シナ海	South China Sea	place	edict
        台湾海峡	Taiwan Strait	place	editor
        HICOコンベンションセンター	HICO Convention Center	place	editor
        首相府	Prime Minister's Office	org	editor
        国務総理	prime minister	title	editor
        国務総理候補	prime minister nominee	term	editor
        候補	nominee | candidate	title	wmt21
        政府庁舎	Government Complex	place	editor
        政府ソウル庁舎	Government Complex Seoul	place	editor
        トランプ	Donald Trump | Trump	person	wmt21
        ドナルド・トランプ	Donald Trump | Trump	person	wmt21
        バイデン	Joe Biden | Biden	person	wmt21
        習近平	Xi Jinping	person	seeds
        プーチン	Vladimir Putin | Putin	person	wmt21
        ゼレンスキー	Volodymyr Zelensky | Zelenskyy | Zelensky	person	editor
        金正恩	Kim Jong Un | Kim Jong-un	person	wmt21
        文在寅	Moon Jae-in	person	enamdict
        尹錫悦	Yoon Suk Yeol | Yoon Suk-yeol	person	editor
        李在明	Lee Jae-myung | Lee Jae Myung	person	seeds
        金民錫	Kim Min-seok	person	editor
        趙顕	Cho Hyun	person	editor
        趙顯	Cho Hyun	person	editor
        安圭伯	Ahn Gyu-back	person	editor
        高市早苗	Sanae Takaichi	person	seeds
        石破茂	Shigeru Ishiba	person	editor
        岸田文雄	Fumio Kishida	person	editor
        安倍晋三	Shinzo Abe	person	editor
        菅義偉	Yoshihide Suga	person	editor
        茂木敏充	Toshimitsu Motegi	person	editor
        小泉進次郎	Shinjiro Koizumi	person	editor
        林芳正	Yoshimasa Hayashi	person	editor
        木原稔	Minoru Kihara	person	editor
        岩屋毅	Takeshi Iwaya	person	editor
        中曽根弘文	Hirofumi Nakasone	person	editor
        長島昭久	Akihisa Nagashima	person	editor
        小林鷹之	Takayuki Kobayashi	person	editor
        赤沢亮正	Ryosei Akazawa	person	editor
        玉木雄一郎	Yuichiro Tamaki	person	editor
        ルビオ	Marco Rubio | Rubio	person	enamdict
        ヘグセス	Pete Hegseth | Hegseth	person	editor
        ベッセント	Scott Bessent | Bessent	person	editor
        ネタニヤフ	Benjamin Netanyahu | Netanyahu	person	enamdict
        マクロン	Emmanuel Macron | Macron	person	edict
        スターマー	Keir Starmer | Starmer	person	wmt21
        天皇	emperor	title	edict
        天皇陛下	Emperor	title	edict
        皇室	imperial family	term	editor
        選挙	election	term	wmt21
        総選挙	general election	term	edict
        大統領選	presidential election	term	edict
        国会	parliament | Diet | National Assembly	org	wmt21
        国民議会	National Assembly	org	wmt21
        憲法	constitution	term	wmt21
        改正	revision | amendment	term	edict
        予算	budget	term	edict
        物価	prices	term	edict
        物価高	rising prices | inflation	term	editor
        円安	weak yen	term	editor
        為替	exchange rate | currency	term	editor
        株価	stock prices | share prices	term	edict
        日経平均	Nikkei	term	editor
        輸出	exports | export	term	wmt21
        輸入	imports | import	term	edict
        観光客	tourists | visitors	term	wmt21
        観光	tourism	term	wmt21
        地震	earthquake	term	wmt21
        津波	tsunami	term	edict
        台風	typhoon	term	edict
        災害	disaster	term	wmt21
        事故	accident	term	wmt21
        警察	police	term	wmt21
        逮捕	arrest | arrested	term	wmt21
        起訴	indicted | indictment | charged	term	edict
        裁判所	court	term	wmt21
        最高裁	Supreme Court	org	wmt21
        大法院	Supreme Court	org	enamdict
        判決	ruling | verdict	term	editor
        文化	culture | cultural	term	wmt21
        文化コンテンツ	cultural content	term	editor
        人気	popularity | popular	term	wmt21
        世論調査	opinion poll | poll | survey	term	wmt21
        支持率	approval rating	term	edict
        報道	report | reported	term	wmt21
        発表	announce | announced | announcement	term	wmt21
        声明	statement	term	wmt21
        談話	statement	term	editor
        式典	ceremony	term	wmt21
        晩餐会	dinner | banquet	term	edict
        夕食会	dinner	term	wmt21
        昼食会	lunch | luncheon	term	edict
        非公開	closed-door | private	term	wmt21
        少人数会合	small-group meeting	term	editor
        拡大会合	expanded meeting	term	editor
        傍ら	sidelines | on the sidelines	term	editor
        際	on the occasion of | during	term	seeds
        戦後	postwar | after the war	term	edict
        植民地支配	colonial rule	term	edict
        謝罪	apology | apologize	term	wmt21
        遺憾	regret	term	edict
        撤回	withdraw | retract	term	edict
        制裁	sanctions	term	wmt21
        同盟	alliance	term	edict
        同盟国	ally | allies	term	edict
        友好	friendship | friendly	term	wmt21
        親善	goodwill	term	edict
        連携	coordination | cooperation	term	wmt21
        意思疎通	communication	term	editor
        対話	dialogue | talks	term	wmt21
        協議	consultations | talks | discuss	term	edict
        議論	discussion | discuss	term	edict
        意見交換	exchange of views | exchanged views	term	editor
        """#
}
