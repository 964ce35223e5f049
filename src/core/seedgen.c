/* seedgen.c: deterministic demo data (see seedgen.h).
 *
 * Tables first (names, prefectures, products, media, cycles), then the
 * distributions that draw a customer from them. Each aspect of a
 * customer draws from its own PRNG stream seeded by (seed, stream,
 * index), so the data of customer i never depends on customer i - 1 and
 * changing how, say, inquiries are drawn leaves names and orders alone.
 *
 * The numbers are those of a typical Japanese subscription mail-order
 * business for health food and cosmetics: mostly women, mostly 40-70,
 * customers brought by TV and newspaper advertising, and a subscription
 * that most customers leave at the 2nd to 4th delivery. */
#include "repeatdesk/seedgen.h"
#include "repeatdesk/date.h"
#include "repeatdesk/pricing.h"

#include <stdio.h>
#include <string.h>

/* ---- PRNG ---- */

static uint64_t mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	return z ^ (z >> 31);
}

void seedgen_rng_init(struct seedgen_rng *r, uint64_t seed, uint64_t stream,
		      uint64_t index)
{
	uint64_t s = mix64(seed ^ UINT64_C(0x5EED5EED5EED5EED));

	s = mix64(s + UINT64_C(0x9E3779B97F4A7C15) * (stream + 1));
	r->state = mix64(s ^ mix64(index + UINT64_C(0x632BE59BD9B4E019)));
}

uint64_t seedgen_rng_next(struct seedgen_rng *r)
{
	r->state += UINT64_C(0x9E3779B97F4A7C15);
	return mix64(r->state);
}

uint32_t seedgen_rng_below(struct seedgen_rng *r, uint32_t n)
{
	uint64_t x = seedgen_rng_next(r) >> 32;

	return (uint32_t)((x * n) >> 32);
}

int seedgen_rng_range(struct seedgen_rng *r, int lo, int hi)
{
	return lo + (int)seedgen_rng_below(r, (uint32_t)(hi - lo + 1));
}

bool seedgen_rng_chance(struct seedgen_rng *r, unsigned permille)
{
	return seedgen_rng_below(r, 1000) < permille;
}

/* An index in 0..n-1 whose density falls linearly from the front (the
 * minimum of two uniform draws): the first of 110 names is drawn about
 * 1.8% of the time, the 100th about 0.2%, which is how Japanese family
 * names are spread. */
static uint32_t skewed_index(struct seedgen_rng *r, uint32_t n)
{
	uint32_t a = seedgen_rng_below(r, n);
	uint32_t b = seedgen_rng_below(r, n);

	return a < b ? a : b;
}

/* ---- names ---- */

static const struct seedgen_name family_names[] = {
	{ "佐藤", "サトウ", "sato", 0 },
	{ "鈴木", "スズキ", "suzuki", 0 },
	{ "高橋", "タカハシ", "takahashi", 0 },
	{ "田中", "タナカ", "tanaka", 0 },
	{ "伊藤", "イトウ", "ito", 0 },
	{ "渡辺", "ワタナベ", "watanabe", 0 },
	{ "山本", "ヤマモト", "yamamoto", 0 },
	{ "中村", "ナカムラ", "nakamura", 0 },
	{ "小林", "コバヤシ", "kobayashi", 0 },
	{ "加藤", "カトウ", "kato", 0 },
	{ "吉田", "ヨシダ", "yoshida", 0 },
	{ "山田", "ヤマダ", "yamada", 0 },
	{ "佐々木", "ササキ", "sasaki", 0 },
	{ "山口", "ヤマグチ", "yamaguchi", 0 },
	{ "松本", "マツモト", "matsumoto", 0 },
	{ "井上", "イノウエ", "inoue", 0 },
	{ "木村", "キムラ", "kimura", 0 },
	{ "林", "ハヤシ", "hayashi", 0 },
	{ "斎藤", "サイトウ", "saito", 0 },
	{ "清水", "シミズ", "shimizu", 0 },
	{ "山崎", "ヤマザキ", "yamazaki", 0 },
	{ "森", "モリ", "mori", 0 },
	{ "池田", "イケダ", "ikeda", 0 },
	{ "橋本", "ハシモト", "hashimoto", 0 },
	{ "阿部", "アベ", "abe", 0 },
	{ "石川", "イシカワ", "ishikawa", 0 },
	{ "山下", "ヤマシタ", "yamashita", 0 },
	{ "中島", "ナカジマ", "nakajima", 0 },
	{ "石井", "イシイ", "ishii", 0 },
	{ "小川", "オガワ", "ogawa", 0 },
	{ "前田", "マエダ", "maeda", 0 },
	{ "岡田", "オカダ", "okada", 0 },
	{ "長谷川", "ハセガワ", "hasegawa", 0 },
	{ "藤田", "フジタ", "fujita", 0 },
	{ "後藤", "ゴトウ", "goto", 0 },
	{ "近藤", "コンドウ", "kondo", 0 },
	{ "村上", "ムラカミ", "murakami", 0 },
	{ "遠藤", "エンドウ", "endo", 0 },
	{ "青木", "アオキ", "aoki", 0 },
	{ "坂本", "サカモト", "sakamoto", 0 },
	{ "斉藤", "サイトウ", "saito", 0 },
	{ "福田", "フクダ", "fukuda", 0 },
	{ "太田", "オオタ", "ota", 0 },
	{ "西村", "ニシムラ", "nishimura", 0 },
	{ "藤井", "フジイ", "fujii", 0 },
	{ "金子", "カネコ", "kaneko", 0 },
	{ "岡本", "オカモト", "okamoto", 0 },
	{ "藤原", "フジワラ", "fujiwara", 0 },
	{ "中野", "ナカノ", "nakano", 0 },
	{ "三浦", "ミウラ", "miura", 0 },
	{ "原田", "ハラダ", "harada", 0 },
	{ "中川", "ナカガワ", "nakagawa", 0 },
	{ "松田", "マツダ", "matsuda", 0 },
	{ "竹内", "タケウチ", "takeuchi", 0 },
	{ "小野", "オノ", "ono", 0 },
	{ "田村", "タムラ", "tamura", 0 },
	{ "中山", "ナカヤマ", "nakayama", 0 },
	{ "和田", "ワダ", "wada", 0 },
	{ "石田", "イシダ", "ishida", 0 },
	{ "森田", "モリタ", "morita", 0 },
	{ "上田", "ウエダ", "ueda", 0 },
	{ "原", "ハラ", "hara", 0 },
	{ "内田", "ウチダ", "uchida", 0 },
	{ "柴田", "シバタ", "shibata", 0 },
	{ "酒井", "サカイ", "sakai", 0 },
	{ "宮崎", "ミヤザキ", "miyazaki", 0 },
	{ "横山", "ヨコヤマ", "yokoyama", 0 },
	{ "高木", "タカギ", "takagi", 0 },
	{ "安藤", "アンドウ", "ando", 0 },
	{ "宮本", "ミヤモト", "miyamoto", 0 },
	{ "大野", "オオノ", "ono", 0 },
	{ "小島", "コジマ", "kojima", 0 },
	{ "谷口", "タニグチ", "taniguchi", 0 },
	{ "今井", "イマイ", "imai", 0 },
	{ "工藤", "クドウ", "kudo", 0 },
	{ "高田", "タカダ", "takada", 0 },
	{ "増田", "マスダ", "masuda", 0 },
	{ "丸山", "マルヤマ", "maruyama", 0 },
	{ "杉山", "スギヤマ", "sugiyama", 0 },
	{ "村田", "ムラタ", "murata", 0 },
	{ "大塚", "オオツカ", "otsuka", 0 },
	{ "新井", "アライ", "arai", 0 },
	{ "小山", "コヤマ", "koyama", 0 },
	{ "平野", "ヒラノ", "hirano", 0 },
	{ "藤本", "フジモト", "fujimoto", 0 },
	{ "河野", "コウノ", "kono", 0 },
	{ "上野", "ウエノ", "ueno", 0 },
	{ "野口", "ノグチ", "noguchi", 0 },
	{ "武田", "タケダ", "takeda", 0 },
	{ "松井", "マツイ", "matsui", 0 },
	{ "千葉", "チバ", "chiba", 0 },
	{ "岩崎", "イワサキ", "iwasaki", 0 },
	{ "菅原", "スガワラ", "sugawara", 0 },
	{ "木下", "キノシタ", "kinoshita", 0 },
	{ "久保", "クボ", "kubo", 0 },
	{ "佐野", "サノ", "sano", 0 },
	{ "野村", "ノムラ", "nomura", 0 },
	{ "松尾", "マツオ", "matsuo", 0 },
	{ "市川", "イチカワ", "ichikawa", 0 },
	{ "菊地", "キクチ", "kikuchi", 0 },
	{ "杉本", "スギモト", "sugimoto", 0 },
	{ "古川", "フルカワ", "furukawa", 0 },
	{ "大西", "オオニシ", "onishi", 0 },
	{ "島田", "シマダ", "shimada", 0 },
	{ "水野", "ミズノ", "mizuno", 0 },
	{ "桜井", "サクライ", "sakurai", 0 },
	{ "高野", "タカノ", "takano", 0 },
	{ "渡部", "ワタナベ", "watanabe", 0 },
	{ "吉川", "ヨシカワ", "yoshikawa", 0 },
	{ "山内", "ヤマウチ", "yamauchi", 0 },
};

#define F SEEDGEN_FEMALE
#define M SEEDGEN_MALE
static const struct seedgen_name given_names[] = {
	{ "和子", "カズコ", "kazuko", F },
	{ "洋子", "ヨウコ", "yoko", F },
	{ "幸子", "サチコ", "sachiko", F },
	{ "節子", "セツコ", "setsuko", F },
	{ "恵子", "ケイコ", "keiko", F },
	{ "京子", "キョウコ", "kyoko", F },
	{ "久美子", "クミコ", "kumiko", F },
	{ "美智子", "ミチコ", "michiko", F },
	{ "由美子", "ユミコ", "yumiko", F },
	{ "裕子", "ユウコ", "yuko", F },
	{ "典子", "ノリコ", "noriko", F },
	{ "直美", "ナオミ", "naomi", F },
	{ "真由美", "マユミ", "mayumi", F },
	{ "智子", "トモコ", "tomoko", F },
	{ "明美", "アケミ", "akemi", F },
	{ "純子", "ジュンコ", "junko", F },
	{ "陽子", "ヨウコ", "yoko", F },
	{ "恵美", "エミ", "emi", F },
	{ "由美", "ユミ", "yumi", F },
	{ "美穂", "ミホ", "miho", F },
	{ "香織", "カオリ", "kaori", F },
	{ "愛", "アイ", "ai", F },
	{ "彩", "アヤ", "aya", F },
	{ "麻衣", "マイ", "mai", F },
	{ "沙織", "サオリ", "saori", F },
	{ "美香", "ミカ", "mika", F },
	{ "千代子", "チヨコ", "chiyoko", F },
	{ "文子", "フミコ", "fumiko", F },
	{ "敏子", "トシコ", "toshiko", F },
	{ "悦子", "エツコ", "etsuko", F },
	{ "弘子", "ヒロコ", "hiroko", F },
	{ "順子", "ジュンコ", "junko", F },
	{ "道子", "ミチコ", "michiko", F },
	{ "静香", "シズカ", "shizuka", F },
	{ "明子", "アキコ", "akiko", F },
	{ "良子", "ヨシコ", "yoshiko", F },
	{ "千尋", "チヒロ", "chihiro", F },
	{ "奈々", "ナナ", "nana", F },
	{ "真理子", "マリコ", "mariko", F },
	{ "由紀", "ユキ", "yuki", F },
	{ "さくら", "サクラ", "sakura", F },
	{ "美咲", "ミサキ", "misaki", F },
	{ "優子", "ユウコ", "yuko", F },
	{ "理恵", "リエ", "rie", F },
	{ "亜希子", "アキコ", "akiko", F },
	{ "珠美", "タマミ", "tamami", F },
	{ "加奈子", "カナコ", "kanako", F },
	{ "美紀", "ミキ", "miki", F },
	{ "知子", "トモコ", "tomoko", F },
	{ "貴子", "タカコ", "takako", F },
	{ "紀子", "ノリコ", "noriko", F },
	{ "恭子", "キョウコ", "kyoko", F },
	{ "瞳", "ヒトミ", "hitomi", F },
	{ "めぐみ", "メグミ", "megumi", F },
	{ "綾子", "アヤコ", "ayako", F },
	{ "由香", "ユカ", "yuka", F },
	{ "絵美", "エミ", "emi", F },
	{ "春香", "ハルカ", "haruka", F },
	{ "昌子", "マサコ", "masako", F },
	{ "富美子", "フミコ", "fumiko", F },
	{ "茂", "シゲル", "shigeru", M },
	{ "博", "ヒロシ", "hiroshi", M },
	{ "隆", "タカシ", "takashi", M },
	{ "誠", "マコト", "makoto", M },
	{ "清", "キヨシ", "kiyoshi", M },
	{ "実", "ミノル", "minoru", M },
	{ "勝", "マサル", "masaru", M },
	{ "健一", "ケンイチ", "kenichi", M },
	{ "浩二", "コウジ", "koji", M },
	{ "和夫", "カズオ", "kazuo", M },
	{ "正人", "マサト", "masato", M },
	{ "修", "オサム", "osamu", M },
	{ "剛", "ツヨシ", "tsuyoshi", M },
	{ "大輔", "ダイスケ", "daisuke", M },
	{ "健太", "ケンタ", "kenta", M },
	{ "翔太", "ショウタ", "shota", M },
	{ "拓也", "タクヤ", "takuya", M },
	{ "直樹", "ナオキ", "naoki", M },
	{ "達也", "タツヤ", "tatsuya", M },
	{ "哲也", "テツヤ", "tetsuya", M },
	{ "和也", "カズヤ", "kazuya", M },
	{ "秀樹", "ヒデキ", "hideki", M },
	{ "明", "アキラ", "akira", M },
	{ "進", "ススム", "susumu", M },
	{ "豊", "ユタカ", "yutaka", M },
	{ "正", "タダシ", "tadashi", M },
	{ "稔", "ミノル", "minoru", M },
	{ "一郎", "イチロウ", "ichiro", M },
	{ "健二", "ケンジ", "kenji", M },
	{ "太郎", "タロウ", "taro", M },
	{ "雅之", "マサユキ", "masayuki", M },
	{ "裕之", "ヒロユキ", "hiroyuki", M },
	{ "武", "タケシ", "takeshi", M },
	{ "聡", "サトシ", "satoshi", M },
	{ "学", "マナブ", "manabu", M },
	{ "淳", "ジュン", "jun", M },
	{ "亮", "リョウ", "ryo", M },
	{ "康弘", "ヤスヒロ", "yasuhiro", M },
	{ "信夫", "ノブオ", "nobuo", M },
	{ "義男", "ヨシオ", "yoshio", M },
	{ "幸雄", "ユキオ", "yukio", M },
	{ "俊介", "シュンスケ", "shunsuke", M },
	{ "大樹", "ダイキ", "daiki", M },
	{ "陽介", "ヨウスケ", "yosuke", M },
	{ "浩", "ヒロシ", "hiroshi", M },
	{ "正樹", "マサキ", "masaki", M },
	{ "悟", "サトル", "satoru", M },
	{ "光男", "ミツオ", "mitsuo", M },
	{ "英樹", "ヒデキ", "hideki", M },
	{ "昭", "アキラ", "akira", M },
};
#undef F
#undef M

/* The female names come first; this many of them. */
#define GIVEN_FEMALE 60

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const struct seedgen_name *seedgen_family_names(size_t *count)
{
	*count = COUNT(family_names);
	return family_names;
}

const struct seedgen_name *seedgen_given_names(size_t *count)
{
	*count = COUNT(given_names);
	return given_names;
}

/* ---- prefectures ----
 *
 * Postal ranges are the first three digits in use in each prefecture;
 * towns carry the postal code of that town and the area code of its
 * landlines. Weights are populations in 10,000s. */

static const struct seedgen_prefecture prefectures[SEEDGEN_PREFECTURES] = {
	{ "北海道", 40, 99, 514, 4, {
		{ "札幌市中央区", "大通西", "0600042", "011" },
		{ "札幌市北区", "北七条西", "0600807", "011" },
		{ "旭川市", "宮下通", "0700030", "0166" },
		{ "函館市", "本町", "0400011", "0138" } } },
	{ "青森県", 30, 39, 120, 2, {
		{ "青森市", "新町", "0300801", "017" },
		{ "八戸市", "番町", "0310032", "0178" } } },
	{ "岩手県", 20, 29, 118, 2, {
		{ "盛岡市", "大通", "0200022", "019" },
		{ "一関市", "大手町", "0210877", "0191" } } },
	{ "宮城県", 980, 989, 228, 3, {
		{ "仙台市青葉区", "一番町", "9800811", "022" },
		{ "仙台市宮城野区", "榴岡", "9830852", "022" },
		{ "石巻市", "中央", "9860822", "0225" } } },
	{ "秋田県", 10, 19, 93, 2, {
		{ "秋田市", "中通", "0100001", "018" },
		{ "横手市", "駅前町", "0130036", "0182" } } },
	{ "山形県", 990, 999, 104, 2, {
		{ "山形市", "香澄町", "9900039", "023" },
		{ "米沢市", "中央", "9920045", "0238" } } },
	{ "福島県", 960, 979, 178, 3, {
		{ "福島市", "栄町", "9608031", "024" },
		{ "郡山市", "駅前", "9638002", "024" },
		{ "いわき市", "平", "9708026", "0246" } } },
	{ "茨城県", 300, 319, 284, 3, {
		{ "水戸市", "宮町", "3100015", "029" },
		{ "つくば市", "吾妻", "3050031", "029" },
		{ "日立市", "幸町", "3170073", "0294" } } },
	{ "栃木県", 320, 329, 191, 2, {
		{ "宇都宮市", "駅前通り", "3210964", "028" },
		{ "小山市", "城山町", "3230025", "0285" } } },
	{ "群馬県", 370, 379, 191, 2, {
		{ "前橋市", "本町", "3710023", "027" },
		{ "高崎市", "八島町", "3700849", "027" } } },
	{ "埼玉県", 330, 369, 734, 4, {
		{ "さいたま市大宮区", "桜木町", "3300854", "048" },
		{ "さいたま市浦和区", "高砂", "3300063", "048" },
		{ "川越市", "新富町", "3500043", "049" },
		{ "所沢市", "日吉町", "3591123", "04" } } },
	{ "千葉県", 260, 299, 627, 4, {
		{ "千葉市中央区", "富士見", "2600015", "043" },
		{ "船橋市", "本町", "2730005", "047" },
		{ "柏市", "柏", "2770005", "04" },
		{ "松戸市", "本町", "2710091", "047" } } },
	{ "東京都", 100, 209, 1404, 5, {
		{ "千代田区", "丸の内", "1000005", "03" },
		{ "新宿区", "西新宿", "1600023", "03" },
		{ "世田谷区", "三軒茶屋", "1540024", "03" },
		{ "練馬区", "豊玉北", "1760012", "03" },
		{ "八王子市", "旭町", "1920083", "042" } } },
	{ "神奈川県", 210, 259, 923, 4, {
		{ "横浜市西区", "みなとみらい", "2200012", "045" },
		{ "川崎市川崎区", "駅前本町", "2100007", "044" },
		{ "相模原市中央区", "相模原", "2520231", "042" },
		{ "藤沢市", "藤沢", "2510052", "0466" } } },
	{ "新潟県", 940, 959, 215, 2, {
		{ "新潟市中央区", "万代", "9500088", "025" },
		{ "長岡市", "大手通", "9400062", "0258" } } },
	{ "富山県", 930, 939, 102, 2, {
		{ "富山市", "新桜町", "9300005", "076" },
		{ "高岡市", "末広町", "9330023", "0766" } } },
	{ "石川県", 920, 929, 111, 2, {
		{ "金沢市", "広坂", "9200962", "076" },
		{ "小松市", "小馬出町", "9230903", "0761" } } },
	{ "福井県", 910, 919, 75, 2, {
		{ "福井市", "大手", "9100005", "0776" },
		{ "敦賀市", "中央町", "9140811", "0770" } } },
	{ "山梨県", 400, 409, 80, 2, {
		{ "甲府市", "丸の内", "4000031", "055" },
		{ "富士吉田市", "下吉田", "4030004", "0555" } } },
	{ "長野県", 380, 399, 200, 2, {
		{ "長野市", "南千歳", "3800823", "026" },
		{ "松本市", "中央", "3900811", "0263" } } },
	{ "岐阜県", 500, 509, 195, 2, {
		{ "岐阜市", "神田町", "5008833", "058" },
		{ "大垣市", "郭町", "5030887", "0584" } } },
	{ "静岡県", 410, 439, 355, 3, {
		{ "静岡市葵区", "追手町", "4200853", "054" },
		{ "浜松市中区", "板屋町", "4300928", "053" },
		{ "沼津市", "大手町", "4100801", "055" } } },
	{ "愛知県", 440, 499, 748, 4, {
		{ "名古屋市中区", "栄", "4600008", "052" },
		{ "名古屋市千種区", "今池", "4640850", "052" },
		{ "豊田市", "西町", "4710025", "0565" },
		{ "岡崎市", "康生通西", "4440052", "0564" } } },
	{ "三重県", 510, 519, 174, 2, {
		{ "津市", "羽所町", "5140009", "059" },
		{ "四日市市", "諏訪栄町", "5100086", "059" } } },
	{ "滋賀県", 520, 529, 141, 2, {
		{ "大津市", "京町", "5200044", "077" },
		{ "草津市", "大路", "5250032", "077" } } },
	{ "京都府", 600, 629, 255, 3, {
		{ "京都市下京区", "烏丸通", "6008216", "075" },
		{ "京都市左京区", "下鴨", "6060801", "075" },
		{ "宇治市", "宇治", "6110021", "0774" } } },
	{ "大阪府", 530, 599, 880, 5, {
		{ "大阪市北区", "梅田", "5300001", "06" },
		{ "大阪市中央区", "難波", "5420076", "06" },
		{ "大阪市天王寺区", "上本町", "5430001", "06" },
		{ "堺市堺区", "南瓦町", "5900078", "072" },
		{ "豊中市", "中桜塚", "5610881", "06" } } },
	{ "兵庫県", 650, 679, 540, 3, {
		{ "神戸市中央区", "三宮町", "6500021", "078" },
		{ "姫路市", "本町", "6700012", "079" },
		{ "西宮市", "六湛寺町", "6620918", "0798" } } },
	{ "奈良県", 630, 639, 131, 2, {
		{ "奈良市", "登大路町", "6308213", "0742" },
		{ "橿原市", "内膳町", "6340804", "0744" } } },
	{ "和歌山県", 640, 649, 91, 2, {
		{ "和歌山市", "七番丁", "6408043", "073" },
		{ "田辺市", "新屋敷町", "6460033", "0739" } } },
	{ "鳥取県", 680, 689, 54, 2, {
		{ "鳥取市", "東町", "6800011", "0857" },
		{ "米子市", "加茂町", "6830822", "0859" } } },
	{ "島根県", 690, 699, 65, 2, {
		{ "松江市", "殿町", "6900887", "0852" },
		{ "出雲市", "今市町", "6930001", "0853" } } },
	{ "岡山県", 700, 719, 186, 2, {
		{ "岡山市北区", "内山下", "7000824", "086" },
		{ "倉敷市", "阿知", "7100055", "086" } } },
	{ "広島県", 720, 739, 275, 3, {
		{ "広島市中区", "紙屋町", "7300031", "082" },
		{ "福山市", "東桜町", "7200065", "084" },
		{ "呉市", "中央", "7370045", "0823" } } },
	{ "山口県", 740, 759, 131, 3, {
		{ "山口市", "滝町", "7530071", "083" },
		{ "下関市", "竹崎町", "7500025", "083" },
		{ "宇部市", "常盤町", "7550031", "0836" } } },
	{ "徳島県", 770, 779, 70, 2, {
		{ "徳島市", "万代町", "7700941", "088" },
		{ "鳴門市", "撫養町", "7720003", "088" } } },
	{ "香川県", 760, 769, 94, 2, {
		{ "高松市", "番町", "7600017", "087" },
		{ "丸亀市", "大手町", "7630034", "0877" } } },
	{ "愛媛県", 790, 799, 131, 2, {
		{ "松山市", "一番町", "7900001", "089" },
		{ "今治市", "別宮町", "7940005", "0898" } } },
	{ "高知県", 780, 789, 67, 2, {
		{ "高知市", "丸ノ内", "7800850", "088" },
		{ "四万十市", "中村大橋通", "7870029", "0880" } } },
	{ "福岡県", 800, 839, 510, 4, {
		{ "福岡市博多区", "博多駅前", "8120011", "092" },
		{ "福岡市中央区", "天神", "8100001", "092" },
		{ "北九州市小倉北区", "魚町", "8020006", "093" },
		{ "久留米市", "城南町", "8300022", "0942" } } },
	{ "佐賀県", 840, 849, 80, 2, {
		{ "佐賀市", "城内", "8400041", "0952" },
		{ "唐津市", "西城内", "8470016", "0955" } } },
	{ "長崎県", 850, 859, 128, 2, {
		{ "長崎市", "江戸町", "8500861", "095" },
		{ "佐世保市", "八幡町", "8570042", "0956" } } },
	{ "熊本県", 860, 869, 172, 2, {
		{ "熊本市中央区", "水前寺", "8620950", "096" },
		{ "八代市", "松江城町", "8660862", "0965" } } },
	{ "大分県", 870, 879, 111, 2, {
		{ "大分市", "荷揚町", "8700046", "097" },
		{ "別府市", "上野口町", "8740902", "0977" } } },
	{ "宮崎県", 880, 889, 105, 2, {
		{ "宮崎市", "橘通東", "8800805", "0985" },
		{ "都城市", "姫城町", "8850024", "0986" } } },
	{ "鹿児島県", 890, 899, 156, 2, {
		{ "鹿児島市", "山下町", "8920816", "099" },
		{ "霧島市", "国分中央", "8994332", "0995" } } },
	{ "沖縄県", 900, 909, 147, 3, {
		{ "那覇市", "泉崎", "9000021", "098" },
		{ "沖縄市", "中央", "9040004", "098" },
		{ "浦添市", "安波茶", "9012114", "098" } } },
};

const struct seedgen_prefecture *seedgen_prefectures(void)
{
	return prefectures;
}

static const char *const buildings[] = {
	"サンハイツ", "メゾン桜", "グリーンコーポ", "パークレジデンス",
	"ハイム若葉", "コーポ松風", "ロイヤルヒルズ", "シャトー緑ヶ丘",
	"エステート南", "アーバンコート", "ヴィラ青葉", "グランメゾン",
	"ハイツ朝日", "レジデンス白梅", "コスモ第二", "フォレスト壱番館",
};

/* ---- products ---- */

#define SUPP SEEDGEN_PRODUCT_SUPPLEMENT
#define FOOD SEEDGEN_PRODUCT_FOOD
#define COSM SEEDGEN_PRODUCT_COSMETIC
#define GOOD SEEDGEN_PRODUCT_GOODS
static const struct seedgen_product products[] = {
	/* code, name, kind, tax, list, subscription, upsell, popularity */
	{ "P001", "国産大麦若葉の青汁 30包", FOOD, 8, 3980, 3280, 5, 120 },
	{ "P002", "熟成黒酢カプセル 90粒", SUPP, 8, 2980, 2480, -1, 90 },
	{ "P003", "グルコサミン＆コンドロイチン 180粒", SUPP, 8, 4800, 3980, 17, 110 },
	{ "P004", "ブルーベリーアイ 60粒", SUPP, 8, 3600, 2980, 10, 70 },
	{ "P005", "ビフィズス菌＆乳酸菌 30日分", SUPP, 8, 3240, 2700, -1, 80 },
	{ "P006", "DHA・EPA オメガ3 120粒", SUPP, 8, 4500, 3780, -1, 75 },
	{ "P007", "熟成黒にんにく 62粒", SUPP, 8, 3300, 2800, -1, 45 },
	{ "P008", "植物発酵エキス 酵素ドリンク 720ml", FOOD, 8, 5400, 4500, -1, 35 },
	{ "P009", "コラーゲンゼリー 30本", FOOD, 8, 4800, 3980, -1, 55 },
	{ "P010", "大豆プロテイン 1kg", FOOD, 8, 4200, 3600, -1, 20 },
	{ "P011", "ルテイン＆ゼアキサンチン 30日分", SUPP, 8, 3400, 2880, -1, 40 },
	{ "P012", "マルチビタミン＆ミネラル 90粒", SUPP, 8, 2400, 1980, 5, 50 },
	{ "P013", "もち麦ごはん 12食", FOOD, 8, 2600, 2200, -1, 25 },
	{ "P014", "国産れんげはちみつ 500g", FOOD, 8, 3800, 3200, -1, 20 },
	{ "P015", "国産野菜の具だくさんスープ 10食", FOOD, 8, 3500, 2980, -1, 25 },
	{ "P016", "鉄＆葉酸 60粒", SUPP, 8, 2200, 1880, -1, 25 },
	{ "P017", "ノコギリヤシ 60粒", SUPP, 8, 3980, 3380, -1, 30 },
	{ "P018", "イミダペプチド ドリンク 10本", FOOD, 8, 5800, 4900, -1, 20 },
	{ "P019", "オールインワンゲル 80g", COSM, 10, 4980, 4080, 19, 100 },
	{ "P020", "ハリ美容液 30ml", COSM, 10, 6800, 5480, -1, 60 },
	{ "P021", "薬用美白クリーム 50g", COSM, 10, 5500, 4400, -1, 45 },
	{ "P022", "とろけるクレンジングバーム 90g", COSM, 10, 3300, 2800, 18, 45 },
	{ "P023", "高保湿化粧水 150ml", COSM, 10, 3800, 3200, 19, 50 },
	{ "P024", "目元ケアクリーム 20g", COSM, 10, 4500, 3800, -1, 25 },
	{ "P025", "ノンシリコン ヘアトリートメント 200ml", COSM, 10, 3200, 2700, -1, 20 },
	{ "P026", "薬用育毛エッセンス 120ml", COSM, 10, 7500, 6000, -1, 30 },
	{ "P027", "UVミルク SPF50+ 40ml", COSM, 10, 2980, 2480, -1, 20 },
	{ "P028", "薬用入浴剤 30回分", GOOD, 10, 2400, 2000, -1, 15 },
	{ "P029", "青汁お試しセット 7包", FOOD, 8, 980, 0, 0, 60 },
	{ "P030", "スキンケアお試しセット", COSM, 10, 1500, 0, 18, 45 },
};
#undef SUPP
#undef FOOD
#undef COSM
#undef GOOD

const struct seedgen_product *seedgen_products(size_t *count)
{
	*count = COUNT(products);
	return products;
}

/* ---- media ---- */

static const struct seedgen_media media[] = {
	{ "TV01", "BS通販番組 朝枠", SEEDGEN_MEDIA_TV, 12000000, 110 },
	{ "TV02", "地上波インフォマーシャル 関東", SEEDGEN_MEDIA_TV, 25000000, 140 },
	{ "TV03", "地上波インフォマーシャル 関西", SEEDGEN_MEDIA_TV, 15000000, 80 },
	{ "TV04", "地方局15秒CM", SEEDGEN_MEDIA_TV, 6000000, 40 },
	{ "NP01", "全国紙 全面広告", SEEDGEN_MEDIA_NEWSPAPER, 8000000, 90 },
	{ "NP02", "全国紙 全5段", SEEDGEN_MEDIA_NEWSPAPER, 3500000, 60 },
	{ "NP03", "地方紙 半5段", SEEDGEN_MEDIA_NEWSPAPER, 1200000, 35 },
	{ "NP04", "健康情報誌 1頁", SEEDGEN_MEDIA_NEWSPAPER, 900000, 25 },
	{ "WB01", "検索連動広告", SEEDGEN_MEDIA_WEB, 3000000, 70 },
	{ "WB02", "SNS広告", SEEDGEN_MEDIA_WEB, 2500000, 55 },
	{ "WB03", "アフィリエイト", SEEDGEN_MEDIA_WEB, 1800000, 40 },
	{ "WB04", "自社サイト", SEEDGEN_MEDIA_WEB, 0, 30 },
	{ "WB05", "動画広告", SEEDGEN_MEDIA_WEB, 2000000, 25 },
	{ "RD01", "AMラジオ 昼ワイド", SEEDGEN_MEDIA_RADIO, 1500000, 35 },
	{ "RD02", "FMラジオ 朝ワイド", SEEDGEN_MEDIA_RADIO, 1100000, 20 },
	{ "FL01", "新聞折込チラシ 関東", SEEDGEN_MEDIA_FLYER, 2200000, 45 },
	{ "FL02", "新聞折込チラシ 関西", SEEDGEN_MEDIA_FLYER, 1600000, 30 },
	{ "FL03", "ポスティング", SEEDGEN_MEDIA_FLYER, 700000, 15 },
	{ "FL04", "同梱チラシ 友だち紹介", SEEDGEN_MEDIA_FLYER, 300000, 20 },
	{ "FL05", "カタログ通販誌 同封", SEEDGEN_MEDIA_FLYER, 1000000, 15 },
};

const struct seedgen_media *seedgen_media_list(size_t *count)
{
	*count = COUNT(media);
	return media;
}

/* ---- insert rules: what goes into the box ---- */

static const struct seedgen_insert_rule insert_rules[] = {
	/* code, name, first order, delivery no, product, min total, priority */
	{ "WELCOME", "はじめてのお客様へ ごあいさつ状", true, 0, -1, -1, 10 },
	{ "CATALOG", "総合カタログ", true, 0, -1, -1, 15 },
	{ "SUB1", "定期便ガイドブック", false, 1, -1, -1, 20 },
	{ "SUB2", "2回目のお届けのお礼状", false, 2, -1, -1, 21 },
	{ "SUB3", "3回目 継続特典のご案内", false, 3, -1, -1, 22 },
	{ "RECIPE", "青汁アレンジレシピ", false, 0, 0, -1, 30 },
	{ "TRIAL", "本品のご案内（お試しの方へ）", false, 0, 28, -1, 31 },
	{ "GELSAMPLE", "ハリ美容液 お試しサンプル 3包", false, 0, 18, -1, 32 },
	{ "BIG", "おまけサンプル 3包（1万円以上）", false, 0, -1, 10000, 40 },
	{ "NOVELTY", "オリジナル エコバッグ（2万円以上）", false, 0, -1, 20000, 41 },
};

const struct seedgen_insert_rule *seedgen_insert_rules(size_t *count)
{
	*count = COUNT(insert_rules);
	return insert_rules;
}

/* ---- cycles: every kind of cycle.h, weighted as customers ask ---- */

static const struct seedgen_cycle_choice cycles[] = {
	{ "30d", 260 },
	{ "45d", 70 },
	{ "60d", 70 },
	{ "90d", 25 },
	{ "20d", 10 },
	{ "2w:fri", 20 },
	{ "4w:mon", 15 },
	{ "3w:wed", 10 },
	{ "1m:10", 45 },
	{ "1m:15", 80 },
	{ "1m:20", 40 },
	{ "1m:25", 40 },
	{ "1m:31", 35 },
	{ "2m:15", 25 },
	{ "3m:1", 25 },
	{ "1m:last", 25 },
	{ "2m:last", 25 },
	{ "1m:2tue", 30 },
	{ "1m:1sat", 20 },
	{ "1m:3wed", 15 },
	{ "2m:2mon", 10 },
	{ "1m:lastfri", 30 },
	{ "2m:lastsat", 10 },
};

const struct seedgen_cycle_choice *seedgen_cycles(size_t *count)
{
	*count = COUNT(cycles);
	return cycles;
}

/* ---- drop-off ---- */

unsigned seedgen_continuation_permille(int k)
{
	static const unsigned early[] = { 600, 650, 750, 850, 870, 880 };

	if (k < 1)
		return 1000;
	if (k <= (int)COUNT(early))
		return early[k - 1];
	return 900;
}

int seedgen_draw_lifetime(struct seedgen_rng *r, int max)
{
	int k = 1;

	while (k < max && seedgen_rng_chance(r, seedgen_continuation_permille(k)))
		k++;
	return k;
}

/* ---- drawing helpers ---- */

enum {
	STREAM_PERSON,
	STREAM_SUBSCRIPTION,
	STREAM_ORDERS,
	STREAM_INQUIRIES,
};

static int weighted(struct seedgen_rng *r, const int *w, int n)
{
	long total = 0;

	for (int i = 0; i < n; i++)
		total += w[i];
	long x = (long)seedgen_rng_below(r, (uint32_t)total);
	for (int i = 0; i < n; i++) {
		if (x < w[i])
			return i;
		x -= w[i];
	}
	return n - 1;
}

/* Appends digits random digits to s (NUL-terminated, room checked by the
 * callers' fixed sizes); the first of them is first_lo..9. */
static void add_digits(struct seedgen_rng *r, char *s, int digits, int first_lo)
{
	size_t n = strlen(s);

	for (int i = 0; i < digits; i++)
		s[n++] = (char)('0' + (i == 0 ? seedgen_rng_range(r, first_lo, 9)
					      : (int)seedgen_rng_below(r, 10)));
	s[n] = '\0';
}

static void mobile_phone(struct seedgen_rng *r, char out[12])
{
	static const char *const prefix[] = { "090", "080", "070" };
	static const int w[] = { 50, 35, 15 };

	snprintf(out, 12, "%s", prefix[weighted(r, w, 3)]);
	add_digits(r, out, 8, 1);
}

static void landline_phone(struct seedgen_rng *r, const struct seedgen_town *t,
			   char out[12])
{
	snprintf(out, 12, "%s", t->area_code);
	add_digits(r, out, 10 - (int)strlen(t->area_code), 2);
}

static int age_on(int32_t birth, int32_t today)
{
	int by, bm, bd, ty, tm, td;

	date_to_ymd(birth, &by, &bm, &bd);
	date_to_ymd(today, &ty, &tm, &td);
	return ty - by - ((tm < bm || (tm == bm && td < bd)) ? 1 : 0);
}

/* Ages 20-85, most customers 40-70. */
static int draw_age(struct seedgen_rng *r)
{
	uint32_t x = seedgen_rng_below(r, 100);

	if (x < 12)
		return seedgen_rng_range(r, 20, 39);
	if (x < 84)
		return seedgen_rng_range(r, 40, 70);
	return seedgen_rng_range(r, 71, 85);
}

static int draw_media(struct seedgen_rng *r, int age)
{
	int w[COUNT(media)];

	for (size_t i = 0; i < COUNT(media); i++) {
		w[i] = media[i].weight * 4;
		switch (media[i].kind) {
		case SEEDGEN_MEDIA_WEB:
			w[i] = age < 45 ? w[i] * 3 : age >= 65 ? w[i] / 4 : w[i];
			break;
		case SEEDGEN_MEDIA_NEWSPAPER:
		case SEEDGEN_MEDIA_FLYER:
			w[i] = age >= 65 ? w[i] * 2 : age < 45 ? w[i] / 3 : w[i];
			break;
		case SEEDGEN_MEDIA_TV:
		case SEEDGEN_MEDIA_RADIO:
			w[i] = age < 45 ? w[i] / 2 : w[i];
			break;
		}
	}
	return weighted(r, w, (int)COUNT(media));
}

/* A product for a customer: cosmetics mostly for women; subscribable
 * ones only when sub is true. */
static int draw_product(struct seedgen_rng *r, enum seedgen_gender g, bool sub)
{
	int w[COUNT(products)];

	for (size_t i = 0; i < COUNT(products); i++) {
		w[i] = products[i].popularity;
		if (sub && products[i].sub_price == 0)
			w[i] = 0;
		if (products[i].kind == SEEDGEN_PRODUCT_COSMETIC)
			w[i] = g == SEEDGEN_FEMALE ? w[i] * 2 : w[i] / 5;
		if (strcmp(products[i].code, "P017") == 0 ||
		    strcmp(products[i].code, "P026") == 0)
			w[i] = g == SEEDGEN_MALE ? w[i] * 6 : 0;
	}
	return weighted(r, w, (int)COUNT(products));
}

static enum seedgen_payment draw_payment(struct seedgen_rng *r, int age)
{
	static const int older[] = { 35, 40, 20, 5 };
	static const int younger[] = { 60, 20, 15, 5 };

	return (enum seedgen_payment)weighted(r, age >= 70 ? older : younger, 4);
}

static enum seedgen_slot draw_slot(struct seedgen_rng *r)
{
	static const int w[] = { 50, 18, 8, 8, 8, 8 };

	return (enum seedgen_slot)weighted(r, w, 6);
}

/* ---- the person ---- */

/* What operators note about a few customers. */
static const char *const customer_notes[] = {
	"耳が遠いため、ゆっくり大きめの声でお話しください。",
	"日中は不在がち。お電話は18時以降を希望。",
	"ご家族（娘様）が代理でご注文されることあり。",
	"宅配ボックスあり。不在時は宅配ボックスへ。",
	"過去に誤配送あり。発送前の確認を丁寧に。",
};

static void gen_person(const struct seedgen *g, struct seedgen_customer *c)
{
	struct seedgen_rng r;
	const struct seedgen_prefecture *p;
	const struct seedgen_town *t;
	int pw[SEEDGEN_PREFECTURES];
	int age;

	seedgen_rng_init(&r, g->seed, STREAM_PERSON, c->index);
	c->gender = seedgen_rng_chance(&r, 720) ? SEEDGEN_FEMALE : SEEDGEN_MALE;
	c->family = (int)skewed_index(&r, COUNT(family_names));
	if (c->gender == SEEDGEN_FEMALE)
		c->given = (int)skewed_index(&r, GIVEN_FEMALE);
	else
		c->given = GIVEN_FEMALE +
			   (int)skewed_index(&r, COUNT(given_names) - GIVEN_FEMALE);
	age = draw_age(&r);
	c->birth_date = g->today - (int32_t)(age * 365 + age / 4) -
			(int32_t)seedgen_rng_below(&r, 365);
	age = age_on(c->birth_date, g->today);

	for (int i = 0; i < SEEDGEN_PREFECTURES; i++)
		pw[i] = prefectures[i].weight;
	c->prefecture = weighted(&r, pw, SEEDGEN_PREFECTURES);
	p = &prefectures[c->prefecture];
	c->town = (int)seedgen_rng_below(&r, (uint32_t)p->ntowns);
	t = &p->towns[c->town];
	memcpy(c->postal, t->postal, 8);
	snprintf(c->address1, sizeof(c->address1), "%s%s%d丁目%d-%d", t->city,
		 t->town, seedgen_rng_range(&r, 1, 5), seedgen_rng_range(&r, 1, 28),
		 seedgen_rng_range(&r, 1, 20));
	if (seedgen_rng_chance(&r, 350))
		snprintf(c->address2, sizeof(c->address2), "%s %d%02d号室",
			 buildings[seedgen_rng_below(&r, COUNT(buildings))],
			 seedgen_rng_range(&r, 1, 12), seedgen_rng_range(&r, 1, 12));

	/* the older, the likelier a landline is the number they give */
	unsigned landline = age >= 75 ? 650 : age >= 60 ? 400 : 150;
	if (seedgen_rng_chance(&r, landline)) {
		landline_phone(&r, t, c->phone);
		if (seedgen_rng_chance(&r, 400))
			mobile_phone(&r, c->phone2);
	} else {
		mobile_phone(&r, c->phone);
		if (seedgen_rng_chance(&r, 100))
			landline_phone(&r, t, c->phone2);
	}

	/* reserved example domains only: demo data must never mail anyone */
	static const char *const domains[] = {
		"example.jp", "example.ne.jp", "example.co.jp", "example.com",
		"example.or.jp",
	};
	unsigned with_email = age < 50 ? 850 : age < 65 ? 650 : 300;
	if (seedgen_rng_chance(&r, with_email)) {
		const char *gv = given_names[c->given].romaji;
		const char *fm = family_names[c->family].romaji;
		const char *dom = domains[seedgen_rng_below(&r, COUNT(domains))];
		unsigned long long n = (unsigned long long)c->index + 1;

		/* the index makes the address unique across the data set */
		switch (seedgen_rng_below(&r, 4)) {
		case 0:
			snprintf(c->email, sizeof(c->email), "%s.%s%llu@%s", gv, fm, n, dom);
			break;
		case 1:
			snprintf(c->email, sizeof(c->email), "%s%llu.%s@%s", fm, n, gv, dom);
			break;
		case 2:
			snprintf(c->email, sizeof(c->email), "%c.%s%llu@%s", gv[0], fm, n, dom);
			break;
		default:
			snprintf(c->email, sizeof(c->email), "%s_%s_%llu@%s", gv, fm, n, dom);
			break;
		}
	}
	c->no_dm = seedgen_rng_chance(&r, 250);
	c->no_call = seedgen_rng_chance(&r, 60);
	c->no_email = c->email[0] && seedgen_rng_chance(&r, 300);
	c->notes = seedgen_rng_chance(&r, 30)
			   ? customer_notes[seedgen_rng_below(&r, COUNT(customer_notes))]
			   : "";

	/* more customers recently than five years ago: the business grows */
	uint32_t a = seedgen_rng_below(&r, 1825), b = seedgen_rng_below(&r, 1825);
	c->registered_on = g->today - 1 - (int32_t)(1824 - (a > b ? a : b));
	c->minute = 9 * 60 + (int)seedgen_rng_below(&r, 12 * 60);
	c->media = draw_media(&r, age);
	c->payment = draw_payment(&r, age);
	if (c->payment == SEEDGEN_PAY_CARD) {
		snprintf(c->card_last4, sizeof(c->card_last4), "%04u",
			 seedgen_rng_below(&r, 10000));
		snprintf(c->card_token, sizeof(c->card_token), "tok_demo_%012llx",
			 (unsigned long long)(seedgen_rng_next(&r) >> 16));
	}
}

/* ---- orders ---- */

/* The demo's orders are priced as the desk prices one (core/pricing: the
 * tax once per rate, the fees of pricing_fees, a subscription's delivery
 * shipping free), with the demo's fees. */
static void order_money(struct seedgen_order *o)
{
	struct pricing_line pl[SEEDGEN_MAX_LINES];
	struct pricing_settings ps;
	struct pricing_fees fees;
	struct money_totals g;
	const struct money_rate_total *r;
	int64_t total = 0;
	size_t n = 0;

	for (int i = 0; i < o->nlines && n < SEEDGEN_MAX_LINES; i++, n++) {
		pl[n].unit_price = o->lines[i].unit_price;
		pl[n].quantity = o->lines[i].qty;
		pl[n].tax_rate = o->lines[i].tax_rate;
	}
	pricing_settings_default(&ps);
	ps.shipping_fee = SEEDGEN_SHIPPING_FEE;
	ps.free_shipping_threshold = SEEDGEN_FREE_SHIPPING_FROM;
	ps.cod_fee = SEEDGEN_COD_FEE;
	ps.subscription_free_shipping = true;
	/* demo prices and quantities are small: nothing here can overflow */
	money_totals_init(&g);
	pricing_goods(pl, n, 0, &g, NULL, NULL);
	r = money_totals_rate(&g, MONEY_RATE_REDUCED);
	o->subtotal8 = r ? (long)r->subtotal : 0;
	o->tax8 = r ? (long)r->tax : 0;
	r = money_totals_rate(&g, MONEY_RATE_STANDARD);
	o->subtotal10 = r ? (long)r->subtotal : 0;
	o->tax10 = r ? (long)r->tax : 0;
	pricing_fees(&ps, g.total,
		     o->payment == SEEDGEN_PAY_COD ? PRICING_PAY_COD : PRICING_PAY_CARD,
		     o->delivery_no > 0, &fees);
	o->shipping_fee = (long)fees.shipping;
	o->cod_fee = (long)fees.cod;
	if (money_add(g.total, fees.shipping, &total, NULL) == RD_OK)
		money_add(total, fees.cod, &total, NULL);
	o->total = (long)total;
}

static enum seedgen_order_status status_by_date(const struct seedgen_order *o,
						int32_t today)
{
	if (o->deliver_on < today)
		return SEEDGEN_ORDER_DELIVERED;
	if (o->deliver_on <= today + 1)
		return SEEDGEN_ORDER_SHIPPED;
	if (o->ordered_on >= today - 1)
		return SEEDGEN_ORDER_RECEIVED;
	return SEEDGEN_ORDER_CONFIRMED;
}

static struct seedgen_order *new_order(struct seedgen_customer *c)
{
	struct seedgen_order *o = &c->orders[c->norders++];

	memset(o, 0, sizeof(*o));
	return o;
}

/* ---- the subscription and its orders ---- */

/* Cut-off: a subscription delivery's order is made this many days before
 * it (when the warehouse starts picking; rd.settings cutoff_days). */
#define SUB_ORDER_LEAD 5
/* Orders kept for one-offs when a subscription fills the array. */
#define ONE_OFF_RESERVE 8

/* Skips per delivery slot, per mille, and how many in a row at most
 * (rd.settings max_consecutive_skips). */
#define SKIP_PERMILLE 45
#define SKIP_RUN_MAX 2

static void sub_lines(struct seedgen_rng *r, struct seedgen_customer *c)
{
	struct seedgen_subscription *s = &c->sub;

	s->lines[0].product = draw_product(r, c->gender, true);
	s->lines[0].qty = seedgen_rng_chance(r, 850) ? 1 : 2;
	s->nlines = 1;
	if (seedgen_rng_chance(r, 200)) {
		int second = draw_product(r, c->gender, true);

		if (second != s->lines[0].product) {
			s->lines[1].product = second;
			s->lines[1].qty = 1;
			s->nlines = 2;
		}
	}
	for (int i = 0; i < s->nlines; i++) {
		s->lines[i].unit_price = products[s->lines[i].product].sub_price;
		s->lines[i].tax_rate = products[s->lines[i].product].tax_rate;
	}
}

/* Walks the delivery slots of the cycle from the first delivery: each
 * slot is delivered, skipped, or is where the customer left; stops at the
 * first slot whose order is not made yet (its cut-off is today or later).
 * dates[k] gets the date of delivery k + 1. */
static void gen_subscription(const struct seedgen *g,
			     struct seedgen_customer *c, int32_t *dates)
{
	struct seedgen_subscription *s = &c->sub;
	struct seedgen_rng r;
	struct cycle cyc;
	int w[COUNT(cycles)];
	const int cap = SEEDGEN_MAX_ORDERS - ONE_OFF_RESERVE;
	int life, delivered, run = 0;
	int32_t slot, next;
	bool left = false;

	seedgen_rng_init(&r, g->seed, STREAM_SUBSCRIPTION, c->index);
	/* TV and newspaper buyers answered an offer for a subscription */
	unsigned p = media[c->media].kind == SEEDGEN_MEDIA_WEB ? 280 : 370;
	bool stays = g->subscription_permille > 0;

	if (stays)
		p = g->subscription_permille > 1000 ? 1000 : g->subscription_permille;
	if (!seedgen_rng_chance(&r, p))
		return;
	for (size_t i = 0; i < COUNT(cycles); i++)
		w[i] = cycles[i].weight;
	s->cycle_choice = weighted(&r, w, (int)COUNT(cycles));
	snprintf(s->cycle, sizeof(s->cycle), "%s", cycles[s->cycle_choice].spec);
	if (cycle_parse(s->cycle, &cyc, NULL) != RD_OK)
		return;	/* the table is ours and tested: cannot happen */
	s->present = true;
	s->media = c->media;
	s->payment = c->payment;
	s->slot = draw_slot(&r);
	sub_lines(&r, c);

	life = seedgen_draw_lifetime(&r, cap);
	if (stays)
		life = cap;	/* leaves only when the order array is full */
	s->started_on = c->registered_on + 3;
	dates[0] = slot = s->started_on;
	delivered = 1;
	for (;;) {
		next = cycle_next(&cyc, slot);
		if (next - SUB_ORDER_LEAD >= g->today)
			break;
		if (delivered >= life) {
			left = true;
			break;
		}
		/* a slot can be skipped when there was a day to ask before its
		 * cut-off (a monthly cycle can snap to a date days after the
		 * first delivery) */
		if (run < SKIP_RUN_MAX && s->nskips < SEEDGEN_MAX_SKIPS &&
		    next - SUB_ORDER_LEAD - 1 > c->registered_on &&
		    seedgen_rng_chance(&r, SKIP_PERMILLE)) {
			struct seedgen_skip *k = &s->skips[s->nskips++];

			/* asked for by phone, a few days before the cut-off
			 * (and, like every inquiry, by the day before
			 * yesterday) */
			k->delivery_no = delivered + 1;
			k->date = next;
			k->asked_on = next - SUB_ORDER_LEAD - seedgen_rng_range(&r, 1, 10);
			if (k->asked_on < c->registered_on + 1)
				k->asked_on = c->registered_on + 1;
			if (k->asked_on > g->today - 2)
				k->asked_on = g->today - 2;
			k->asked_minute = 9 * 60 + (int)seedgen_rng_below(&r, 11 * 60);
			run++;
		} else {
			dates[delivered++] = next;
			run = 0;
		}
		slot = next;
	}
	s->deliveries = delivered;
	s->last_delivery_on = dates[delivered - 1];
	s->status = SEEDGEN_SUB_ACTIVE;
	s->next_delivery_on = next;

	if (left) {
		/* after the last slot, before the next one's cut-off */
		int32_t from = slot < g->today - 1 ? slot : g->today - 1;
		int32_t until = next - SUB_ORDER_LEAD - 1;
		int32_t on;

		if (until > g->today - 1)
			until = g->today - 1;
		if (until < from)
			until = from;
		on = from + (int32_t)seedgen_rng_below(&r, (uint32_t)(until - from + 1));
		if (g->today - on <= 80 && seedgen_rng_chance(&r, 350)) {
			/* paused at most three months; resumes with the first
			 * slot on or after the day it may */
			int lo = g->today + 7 - on;

			s->status = SEEDGEN_SUB_PAUSED;
			s->paused_on = on;
			s->paused_until = on + seedgen_rng_range(&r, lo > 30 ? lo : 30, 90);
			while (next < s->paused_until)
				next = cycle_next(&cyc, next);
			s->next_delivery_on = next;
		} else {
			static const int reason_w[SEEDGEN_CANCEL_COUNT] = {
				35, 20, 20, 10, 10, 5
			};

			s->status = SEEDGEN_SUB_CANCELLED;
			s->cancelled_on = on;
			s->next_delivery_on = 0;
			s->cancel_reason = (enum seedgen_cancel_reason)weighted(&r,
				reason_w, SEEDGEN_CANCEL_COUNT);
			s->offered_alternative = seedgen_rng_chance(&r, 600);
		}
	}

	for (int k = 1; k <= delivered; k++) {
		struct seedgen_order *o = new_order(c);

		o->delivery_no = k;
		o->deliver_on = dates[k - 1];
		o->desired = true;
		o->ordered_on = k == 1 ? c->registered_on : dates[k - 1] - SUB_ORDER_LEAD;
		o->minute = k == 1 ? c->minute : 6 * 60 + (int)seedgen_rng_below(&r, 60);
		o->media = s->media;
		o->payment = s->payment;
		o->slot = s->slot;
		o->nlines = s->nlines;
		memcpy(o->lines, s->lines, sizeof(o->lines));
		o->status = status_by_date(o, g->today);
		order_money(o);
	}
}

/* ---- one-off orders ---- */

#define TRIAL_AOJIRU 28
#define TRIAL_SKINCARE 29

static void one_off_lines(struct seedgen_rng *r, const struct seedgen_customer *c,
			  struct seedgen_order *o, bool first)
{
	static const int nl_w[] = { 65, 25, 10 };
	int nl = 1 + weighted(r, nl_w, 3);

	o->nlines = 0;
	for (int i = 0; i < nl; i++) {
		int pidx;

		if (first && i == 0 && seedgen_rng_chance(r, 300))
			pidx = c->gender == SEEDGEN_FEMALE && seedgen_rng_chance(r, 500)
				       ? TRIAL_SKINCARE : TRIAL_AOJIRU;
		else if (c->sub.present && i == 0 && seedgen_rng_chance(r, 600) &&
			 products[c->sub.lines[0].product].upsell >= 0)
			pidx = products[c->sub.lines[0].product].upsell;
		else
			pidx = draw_product(r, c->gender, false);
		bool dup = false;
		for (int j = 0; j < o->nlines; j++)
			dup = dup || o->lines[j].product == pidx;
		if (dup)
			continue;
		struct seedgen_line *l = &o->lines[o->nlines++];
		l->product = pidx;
		l->qty = seedgen_rng_chance(r, 800) ? 1 : seedgen_rng_range(r, 2, 3);
		l->unit_price = products[pidx].list_price;
		l->tax_rate = products[pidx].tax_rate;
	}
}

static void gen_one_offs(const struct seedgen *g, struct seedgen_customer *c)
{
	struct seedgen_rng r;
	int extra = 0;

	seedgen_rng_init(&r, g->seed, STREAM_ORDERS, c->index);
	if (!c->sub.present) {
		struct seedgen_order *o = new_order(c);

		o->ordered_on = c->registered_on;
		o->minute = c->minute;
		o->media = c->media;
		one_off_lines(&r, c, o, true);
		while (extra < 6 && seedgen_rng_chance(&r, 330))
			extra++;
	} else if (seedgen_rng_chance(&r, 150)) {
		extra = 1;
	}
	for (int i = 0; i < extra && c->norders < SEEDGEN_MAX_ORDERS; i++) {
		struct seedgen_order *o = new_order(c);
		int32_t span = g->today - 1 - c->registered_on;

		o->ordered_on = c->registered_on +
				(span > 0 ? 1 + (int32_t)seedgen_rng_below(&r, (uint32_t)span) : 0);
		o->minute = 9 * 60 + (int)seedgen_rng_below(&r, 12 * 60);
		o->media = seedgen_rng_chance(&r, 500) ? c->media
			   : (int)seedgen_rng_below(&r, COUNT(media));
		one_off_lines(&r, c, o, false);
	}
	for (int i = 0; i < c->norders; i++) {
		struct seedgen_order *o = &c->orders[i];

		if (o->delivery_no > 0)
			continue;
		o->payment = c->payment;
		o->slot = draw_slot(&r);
		o->desired = seedgen_rng_chance(&r, 250);
		o->deliver_on = o->ordered_on + (o->desired ? seedgen_rng_range(&r, 3, 10)
							    : seedgen_rng_range(&r, 2, 4));
		o->status = status_by_date(o, g->today);
		if (seedgen_rng_chance(&r, 30))
			o->status = SEEDGEN_ORDER_CANCELLED;
		else if (o->status == SEEDGEN_ORDER_DELIVERED && seedgen_rng_chance(&r, 5))
			o->status = SEEDGEN_ORDER_RETURNED;
		order_money(o);
	}
}

static int order_cmp(const struct seedgen_order *a, const struct seedgen_order *b)
{
	if (a->ordered_on != b->ordered_on)
		return a->ordered_on < b->ordered_on ? -1 : 1;
	if (a->minute != b->minute)
		return a->minute < b->minute ? -1 : 1;
	return a->delivery_no < b->delivery_no ? -1 : a->delivery_no > b->delivery_no;
}

/* Insertion sort: the subscription orders are already in order and the
 * few one-offs slide into place. */
static void sort_orders(struct seedgen_customer *c)
{
	for (int i = 1; i < c->norders; i++) {
		if (order_cmp(&c->orders[i - 1], &c->orders[i]) <= 0)
			continue;
		struct seedgen_order tmp = c->orders[i];
		int j = i - 1;
		while (j >= 0 && order_cmp(&c->orders[j], &tmp) > 0) {
			c->orders[j + 1] = c->orders[j];
			j--;
		}
		c->orders[j + 1] = tmp;
	}
}

static void figures(struct seedgen_customer *c)
{
	for (int i = 0; i < c->norders; i++) {
		const struct seedgen_order *o = &c->orders[i];

		if (o->status == SEEDGEN_ORDER_CANCELLED ||
		    o->status == SEEDGEN_ORDER_RETURNED)
			continue;
		if (c->order_count == 0)
			c->first_order_on = o->ordered_on;
		c->last_order_on = o->ordered_on;
		c->ltv += o->total;
		c->order_count++;
	}
}

/* ---- inquiries ---- */

static const char *const team_names[SEEDGEN_AGENTS] = {
	"受注センター", "定期サポート", "スーパーバイザー",
};

const char *const *seedgen_team_names(size_t *count)
{
	*count = COUNT(team_names);
	return team_names;
}

static const char *const agent_names[SEEDGEN_AGENTS] = { "佐藤", "鈴木", "高橋" };

static const char *const subjects[SEEDGEN_INQ_KIND_COUNT] = {
	"お届けスキップのご依頼",
	"定期の一時休止のご相談",
	"お届け周期の変更",
	"定期商品の数量変更",
	"お届け先住所の変更",
	"定期解約のご希望",
	"配送状況の確認",
	"商品についてのご質問",
	"お支払い方法について",
	"お届け商品についてのお申し出",
};

static const char *const cancel_reasons[SEEDGEN_CANCEL_COUNT] = {
	"商品が余っている", "価格の負担", "効果を感じられない",
	"体調・通院のため", "他社商品に切り替え", "転居のため",
};

const char *seedgen_cancel_reason_text(enum seedgen_cancel_reason r)
{
	return (unsigned)r < SEEDGEN_CANCEL_COUNT ? cancel_reasons[r] : "";
}

/* Inquiries are opened by the day before yesterday: their entries span
 * at most the next day, so every timestamp lies in the past. */
#define INQ_LATEST(g) ((g)->today - 2)

struct inq_ctx {
	const struct seedgen *g;
	struct seedgen_customer *c;
	const int32_t *dates;	/* subscription delivery dates */
	int32_t from, to;	/* window for inquiries drawn at random */
};

/* The date of the delivery made after day, 0 when there is none. */
static int32_t delivery_after(const struct inq_ctx *x, int32_t day)
{
	const struct seedgen_subscription *s = &x->c->sub;

	for (int k = 0; k < s->deliveries; k++)
		if (x->dates[k] > day)
			return x->dates[k];
	return s->status == SEEDGEN_SUB_CANCELLED ? 0 : s->next_delivery_on;
}

static void md(int32_t day, int *m, int *d)
{
	date_to_ymd(day, NULL, m, d);
}

static int32_t clamp_day(int32_t day, int32_t lo, int32_t hi)
{
	return day < lo ? lo : day > hi ? hi : day;
}

static const struct seedgen_product *product_of(const struct inq_ctx *x,
						const struct seedgen_inquiry *q)
{
	const struct seedgen_customer *c = x->c;

	if (q->order >= 0)
		return &products[c->orders[q->order].lines[0].product];
	if (c->sub.present)
		return &products[c->sub.lines[0].product];
	return &products[c->orders[0].lines[0].product];
}

static void first_note(struct seedgen_rng *r, const struct inq_ctx *x,
		       const struct seedgen_inquiry *q, int skip, char *out,
		       size_t outsz)
{
	const struct seedgen_customer *c = x->c;
	int m, d, m2, d2;

	switch (q->kind) {
	case SEEDGEN_INQ_SKIP: {
		int32_t when = c->sub.skips[skip].date;
		int32_t after = delivery_after(x, when);

		md(when, &m, &d);
		if (after) {
			md(after, &m2, &d2);
			snprintf(out, outsz,
				 seedgen_rng_chance(r, 500)
					 ? "%d月%d日お届け予定分のスキップ希望。前回分がまだ残っているとのこと。スキップで承り、次回は%d月%d日のお届け。"
					 : "%d月%d日は留守にするためお届けをスキップしたいとのこと。スキップで承り、次回は%d月%d日のお届け。",
				 m, d, m2, d2);
		} else {
			snprintf(out, outsz,
				 "%d月%d日お届け予定分のスキップ希望。スキップで承り。",
				 m, d);
		}
		break;
	}
	case SEEDGEN_INQ_PAUSE:
		if (c->sub.status == SEEDGEN_SUB_PAUSED) {
			md(c->sub.paused_until, &m, &d);
			md(c->sub.next_delivery_on, &m2, &d2);
			snprintf(out, outsz,
				 "しばらく定期を止めたいとのご相談。%d月%d日まで休止で承り、再開後は%d月%d日のお届け。",
				 m, d, m2, d2);
		} else {
			snprintf(out, outsz, "%s",
				 "旅行でしばらく留守にするため休止したいとのご相談。スキップで足りるとのことで、次回分のスキップをご案内。");
		}
		break;
	case SEEDGEN_INQ_CHANGE_CYCLE:
		snprintf(out, outsz, "%s",
			 seedgen_rng_chance(r, 700)
				 ? "飲みきれず余ってしまうため、お届け間隔を延ばしたいとのご相談。間隔の変更方法と、スキップもできることをご案内。"
				 : "なくなるのが早いため、お届け間隔を短くしたいとのご相談。次回のお届け日を確認のうえご案内。");
		break;
	case SEEDGEN_INQ_CHANGE_PRODUCT:
		snprintf(out, outsz,
			 "「%s」の数量を変えたいとのご相談。定期価格のまま変更できることをご案内。",
			 product_of(x, q)->name);
		break;
	case SEEDGEN_INQ_CHANGE_ADDRESS:
		snprintf(out, outsz, "%s",
			 "転居の予定があり、お届け先の変更方法を知りたいとのこと。新住所が決まり次第ご連絡いただくようご案内。");
		break;
	case SEEDGEN_INQ_CANCEL:
		snprintf(out, outsz,
			 c->sub.offered_alternative
				 ? "定期解約のご希望。理由：%s。スキップ・お届け間隔の変更をご提案したが、解約で承り。"
				 : "定期解約のご希望。理由：%s。解約で承り。",
			 cancel_reasons[c->sub.cancel_reason]);
		break;
	case SEEDGEN_INQ_DELIVERY:
		md(c->orders[q->order].deliver_on, &m, &d);
		md(q->opened_on + 1, &m2, &d2);
		snprintf(out, outsz,
			 "%d月%d日お届け予定の荷物が届いていないとのお問い合わせ。配送状況を確認し、%d月%d日午前のお届けとご案内。",
			 m, d, m2, d2);
		break;
	case SEEDGEN_INQ_PRODUCT: {
		const struct seedgen_product *pr = product_of(x, q);

		if (pr->tax_rate == 8)
			snprintf(out, outsz,
				 seedgen_rng_chance(r, 500)
					 ? "「%s」の召し上がり方のご質問。1日の目安量をご案内。お薬との飲み合わせはかかりつけ医にご相談いただくようお伝えした。"
					 : "「%s」の原材料についてのご質問。アレルギー表示と原材料をご案内。",
				 pr->name);
		else
			snprintf(out, outsz,
				 seedgen_rng_chance(r, 500)
					 ? "「%s」の使い方のご質問。使用量と使う順番をご案内。"
					 : "「%s」が肌に合うか心配とのこと。腕の内側でのパッチテストをご案内。",
				 pr->name);
		break;
	}
	case SEEDGEN_INQ_PAYMENT:
		snprintf(out, outsz, "%s",
			 seedgen_rng_chance(r, 500)
				 ? "支払方法を代金引換からクレジットカードに変えたいとのこと。カード登録のご案内を送付。"
				 : "後払いの払込票を紛失したとのこと。再発行で承り。");
		break;
	case SEEDGEN_INQ_COMPLAINT:
		snprintf(out, outsz,
			 seedgen_rng_chance(r, 500)
				 ? "届いた「%s」の外箱がつぶれていたとのお申し出。お詫びのうえ、交換品の発送を手配。"
				 : "「%s」と違う商品が届いたとのお申し出。お詫びし、正しい商品を至急手配。",
			 product_of(x, q)->name);
		break;
	default:
		snprintf(out, outsz, "%s", "お問い合わせ内容を確認。");
		break;
	}
}

static struct seedgen_entry *new_entry(struct seedgen_inquiry *q,
				       enum seedgen_entry_kind kind, int agent,
				       int to_agent, int minutes)
{
	struct seedgen_entry *e = &q->entries[q->nentries++];

	memset(e, 0, sizeof(*e));
	e->kind = kind;
	e->agent = agent;
	e->to_agent = to_agent;
	e->minutes = minutes;
	return e;
}

static int team_of_kind(enum seedgen_inquiry_kind k)
{
	switch (k) {
	case SEEDGEN_INQ_SKIP:
	case SEEDGEN_INQ_PAUSE:
	case SEEDGEN_INQ_CHANGE_CYCLE:
	case SEEDGEN_INQ_CHANGE_PRODUCT:
	case SEEDGEN_INQ_CANCEL:
		return 1;
	default:
		return 0;
	}
}

/* Desk hours: an entry that would fall after 20:30 (or before 9:00) is
 * written the next morning. t is minutes after the inquiry's start. */
static int desk_time(const struct seedgen_inquiry *q, int t)
{
	int at = (q->minute + t) % 1440;

	if (at > 20 * 60 + 30)
		return t + (1440 - at) + 9 * 60 + at % 30;
	if (at < 9 * 60)
		return t + (9 * 60 - at) + at % 30;
	return t;
}

/* The conversation: the first call or mail, perhaps a handoff or an
 * escalation and a call back, and the closing status change unless the
 * inquiry is recent and still open. */
static void gen_entries(struct seedgen_rng *r, const struct inq_ctx *x,
			struct seedgen_inquiry *q, int skip)
{
	struct seedgen_entry *e;
	int a = (int)seedgen_rng_below(r, SEEDGEN_AGENTS);
	int t = seedgen_rng_range(r, 3, 15);
	bool escalated = false, waiting = false;
	bool call = q->channel == SEEDGEN_CHANNEL_INBOUND_CALL ||
		    q->channel == SEEDGEN_CHANNEL_OUTBOUND_CALL;

	q->nentries = 0;
	e = new_entry(q, call ? SEEDGEN_ENTRY_CALL : SEEDGEN_ENTRY_NOTE, a, -1, t);
	first_note(r, x, q, skip, e->text, sizeof(e->text));
	q->holder = a;
	q->team = team_of_kind(q->kind);

	unsigned p = q->kind == SEEDGEN_INQ_CANCEL || q->kind == SEEDGEN_INQ_COMPLAINT
			     ? 450 : 200;
	if (seedgen_rng_chance(r, p)) {
		escalated = q->kind == SEEDGEN_INQ_COMPLAINT && a != SEEDGEN_SUPERVISOR &&
			    seedgen_rng_chance(r, 500);
		int b = escalated ? SEEDGEN_SUPERVISOR
				  : (a + 1 + (int)seedgen_rng_below(r, SEEDGEN_AGENTS - 1)) %
					    SEEDGEN_AGENTS;

		t = desk_time(q, t + seedgen_rng_range(r, 10, 240));
		e = new_entry(q, escalated ? SEEDGEN_ENTRY_ESCALATION : SEEDGEN_ENTRY_HANDOFF,
			      a, b, t);
		snprintf(e->text, sizeof(e->text),
			 escalated ? "%sさんへエスカレーション：返金のご要望あり、ご判断をお願いします。"
			 : seedgen_rng_chance(r, 500)
				 ? "%sさんへ引き継ぎ：お客様へ折り返しのお電話をお願いします。"
				 : "%sさんへ引き継ぎ：前回の経緯をご存じのため、対応をお願いします。",
			 agent_names[b]);
		q->holder = b;
		if (escalated)
			q->team = SEEDGEN_SUPERVISOR;
		if (seedgen_rng_chance(r, 400)) {
			waiting = seedgen_rng_chance(r, 500);
			t = desk_time(q, t + seedgen_rng_range(r, 5, 120));
			e = new_entry(q, SEEDGEN_ENTRY_CALL, b, -1, t);
			snprintf(e->text, sizeof(e->text), "%s",
				 waiting ? "折り返しお電話したが不在。留守番電話にメッセージを残した。"
					 : "お客様とお話しし、ご要望の内容を再確認した。");
		}
	}

	q->priority = SEEDGEN_PRIORITY_NORMAL;
	if (q->kind == SEEDGEN_INQ_COMPLAINT)
		q->priority = escalated ? SEEDGEN_PRIORITY_URGENT : SEEDGEN_PRIORITY_HIGH;
	else if (q->channel == SEEDGEN_CHANNEL_LETTER)
		q->priority = SEEDGEN_PRIORITY_LOW;
	else if (seedgen_rng_chance(r, 50))
		q->priority = SEEDGEN_PRIORITY_HIGH;

	if (x->g->today - q->opened_on <= 10 && seedgen_rng_chance(r, 600)) {
		/* recent and not done yet */
		q->due_on = q->opened_on + 3;
		if (escalated) {
			q->status = SEEDGEN_INQ_ESCALATED;
		} else if (waiting) {
			q->status = SEEDGEN_INQ_WAITING_CUSTOMER;
			q->callback_on = x->g->today + seedgen_rng_range(r, 0, 2);
			q->callback_minute = seedgen_rng_range(r, 10, 17) * 60;
		} else {
			q->status = q->nentries > 1 || seedgen_rng_chance(r, 400)
					    ? SEEDGEN_INQ_IN_PROGRESS : SEEDGEN_INQ_OPEN;
		}
		return;
	}
	q->status = x->g->today - q->opened_on > 30 ? SEEDGEN_INQ_CLOSED
						    : SEEDGEN_INQ_RESOLVED;
	t = desk_time(q, t + seedgen_rng_range(r, 5, 300));
	e = new_entry(q, SEEDGEN_ENTRY_STATUS_CHANGE, q->holder, -1, t);
	snprintf(e->text, sizeof(e->text), "%s",
		 q->nentries > 2 ? "折り返しお電話し、ご了承いただいた。対応完了。"
				 : "ご案内のうえ、ご了承いただいた。対応完了。");
}

/* An order that the inquiry can be about: delivered or shipped by
 * latest, picked at random; -1 when there is none. */
static int pick_order(struct seedgen_rng *r, const struct seedgen_customer *c,
		      int32_t latest)
{
	int n = 0;

	for (int i = 0; i < c->norders; i++)
		if (c->orders[i].deliver_on <= latest &&
		    c->orders[i].status != SEEDGEN_ORDER_CANCELLED)
			n++;
	if (n == 0)
		return -1;
	int k = (int)seedgen_rng_below(r, (uint32_t)n);
	for (int i = 0; i < c->norders; i++)
		if (c->orders[i].deliver_on <= latest &&
		    c->orders[i].status != SEEDGEN_ORDER_CANCELLED && k-- == 0)
			return i;
	return -1;
}

static struct seedgen_inquiry *new_inquiry(struct inq_ctx *x,
					   struct seedgen_rng *r,
					   enum seedgen_inquiry_kind kind,
					   int32_t on)
{
	static const int ch_w[] = { 75, 5, 17, 3 };
	struct seedgen_customer *c = x->c;
	struct seedgen_inquiry *q = &c->inquiries[c->ninquiries++];

	memset(q, 0, offsetof(struct seedgen_inquiry, entries));
	q->kind = kind;
	q->opened_on = on;
	q->order = -1;
	q->skip = -1;
	q->channel = (enum seedgen_channel)weighted(r, ch_w, 4);
	if (kind == SEEDGEN_INQ_CANCEL || kind == SEEDGEN_INQ_PAUSE ||
	    kind == SEEDGEN_INQ_SKIP)
		q->channel = SEEDGEN_CHANNEL_INBOUND_CALL;
	q->minute = 9 * 60 + (int)seedgen_rng_below(r, 11 * 60);
	q->about_subscription = c->sub.present && kind <= SEEDGEN_INQ_CANCEL;
	snprintf(q->subject, sizeof(q->subject), "%s", subjects[kind]);
	return q;
}

static enum seedgen_inquiry_kind draw_kind(struct seedgen_rng *r,
					   const struct seedgen_customer *c)
{
	/* skip (from the skips themselves), pause, cycle, product change,
	 * address, cancel (from the cancellation), delivery, product
	 * question, payment, complaint */
	static const int with_sub[] = { 0, 6, 14, 10, 8, 0, 16, 22, 10, 8 };
	static const int without[] = { 0, 0, 0, 0, 10, 0, 35, 35, 15, 5 };

	return (enum seedgen_inquiry_kind)weighted(r,
		c->sub.present ? with_sub : without, SEEDGEN_INQ_KIND_COUNT);
}

static void gen_inquiries(const struct seedgen *g, struct seedgen_customer *c,
			  const int32_t *dates)
{
	struct seedgen_rng r;
	struct inq_ctx x = { .g = g, .c = c, .dates = dates };
	const struct seedgen_subscription *s = &c->sub;
	bool cancel = s->present && s->status == SEEDGEN_SUB_CANCELLED;
	bool paused = s->present && s->status == SEEDGEN_SUB_PAUSED;
	int n = 0;

	seedgen_rng_init(&r, g->seed, STREAM_INQUIRIES, c->index);
	x.from = c->registered_on + 1;
	x.to = INQ_LATEST(g);
	if (cancel && s->cancelled_on < x.to)
		x.to = s->cancelled_on;
	if (paused && s->paused_on < x.to)
		x.to = s->paused_on;
	if (x.to < x.from)
		return;	/* a customer of the last few days: no calls yet */

	/* every skip was asked for in a call */
	for (int i = 0; i < s->nskips; i++) {
		struct seedgen_inquiry *q = new_inquiry(&x, &r, SEEDGEN_INQ_SKIP,
							s->skips[i].asked_on);

		q->minute = s->skips[i].asked_minute;
		q->skip = i;
		gen_entries(&r, &x, q, i);
	}

	if (seedgen_rng_chance(&r, s->present ? 380 : 120)) {
		n = 1;
		while (n < 3 && seedgen_rng_chance(&r, 250))
			n++;
	}
	for (int i = 0; i < n && c->ninquiries < SEEDGEN_MAX_INQUIRIES - 1; i++) {
		enum seedgen_inquiry_kind kind = draw_kind(&r, c);
		int32_t on = x.from + (int32_t)seedgen_rng_below(&r,
					(uint32_t)(x.to - x.from + 1));
		int order = -1;

		if (kind == SEEDGEN_INQ_DELIVERY || kind == SEEDGEN_INQ_COMPLAINT ||
		    kind == SEEDGEN_INQ_PRODUCT) {
			order = pick_order(&r, c, x.to - 1);
			if (order < 0)
				kind = SEEDGEN_INQ_PAYMENT;
			else if (kind == SEEDGEN_INQ_DELIVERY)
				on = c->orders[order].deliver_on + seedgen_rng_range(&r, 0, 1);
			else
				on = c->orders[order].deliver_on + seedgen_rng_range(&r, 1, 20);
			on = clamp_day(on, x.from, x.to);
		}
		struct seedgen_inquiry *q = new_inquiry(&x, &r, kind, on);
		q->order = order;
		gen_entries(&r, &x, q, -1);
	}

	/* most cancellations and pauses come in by phone */
	if ((cancel || paused) && seedgen_rng_chance(&r, 850)) {
		struct seedgen_inquiry *q = new_inquiry(&x, &r,
			cancel ? SEEDGEN_INQ_CANCEL : SEEDGEN_INQ_PAUSE, x.to);

		gen_entries(&r, &x, q, -1);
	}

	/* in date order; stable, so the cancellation stays last */
	for (int i = 1; i < c->ninquiries; i++) {
		for (int j = i; j > 0 && c->inquiries[j - 1].opened_on >
						 c->inquiries[j].opened_on; j--) {
			struct seedgen_inquiry tmp = c->inquiries[j];

			c->inquiries[j] = c->inquiries[j - 1];
			c->inquiries[j - 1] = tmp;
		}
	}
}

/* ---- the customer ---- */

void seedgen_init(struct seedgen *g, uint64_t seed, int32_t today)
{
	memset(g, 0, sizeof(*g));
	g->seed = seed;
	g->today = today;
}

void seedgen_customer_upto(const struct seedgen *g, uint64_t index,
			   enum seedgen_level level, struct seedgen_customer *out)
{
	int32_t dates[SEEDGEN_MAX_ORDERS];

	memset(out, 0, offsetof(struct seedgen_customer, orders));
	out->ninquiries = 0;
	out->index = index;
	gen_person(g, out);
	if (level < SEEDGEN_LEVEL_SUBSCRIPTION)
		return;
	gen_subscription(g, out, dates);
	if (level < SEEDGEN_LEVEL_ORDERS)
		return;
	gen_one_offs(g, out);
	sort_orders(out);
	figures(out);
	if (level < SEEDGEN_LEVEL_ALL)
		return;
	gen_inquiries(g, out, dates);
}

void seedgen_customer(const struct seedgen *g, uint64_t index,
		      struct seedgen_customer *out)
{
	seedgen_customer_upto(g, index, SEEDGEN_LEVEL_ALL, out);
}
