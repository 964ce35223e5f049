/* customer.c: finding customers, the customer card, registering and
 * editing them, saved search filters.
 *
 * Searches are built from a fixed set of SQL fragments, each with $n
 * placeholders; what a person typed only ever travels as a parameter
 * (LIKE metacharacters escaped). A search is a list of branches, one per
 * kind of match (exact, prefix, partial), each read in code order with a
 * LIMIT: a page takes the rows of the first branch after the cursor, then
 * of the next, and stops as soon as the page is full, so a page costs the
 * same for ten matches or a million. Indexes that serve each fragment:
 * db/migrations/0010_customer_search.sql. */
#include "repeatdesk/customer.h"
#include "repeatdesk/bizlang.h"
#include "repeatdesk/date.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/json.h"
#include "repeatdesk/subscription.h"
#include "repeatdesk/textcheck.h"
#include "repeatdesk/width.h"
#include "repeatdesk/xalloc.h"
#include "customer_card_sql.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define N_ELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------------
 * Small helpers */

/* Valid UTF-8 without control characters (tabs allowed when tabs). */
static enum rd_status check_text(const char *s, const char *label,
				 size_t max_chars, struct rd_error *err)
{
	size_t n = strlen(s);

	for (size_t i = 0, len; i < n; i += len) {
		uint32_t cp;

		len = utf8_decode(s + i, n - i, &cp);
		if (UTF8_INVALID(cp, len))
			return rd_error_set(err, RD_INVALID,
				_("%s: the text is not valid UTF-8"), label);
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			return rd_error_set(err, RD_INVALID,
				_("%s: the text contains a control character"), label);
	}
	if (textcheck_chars(s) > max_chars)
		return rd_error_set(err, RD_INVALID,
			_("%s is too long: at most %zu characters"), label, max_chars);
	return RD_OK;
}

static int64_t to_i64(const char *s)
{
	return s ? (int64_t)strtoll(s, NULL, 10) : 0;
}

static int32_t to_date(const char *s)
{
	int32_t d;

	if (!s || date_parse_iso(s, &d, NULL) != RD_OK)
		return CUSTOMER_NO_DATE;
	return d;
}

static void date_param(int32_t d, char buf[DATE_ISO_SIZE])
{
	date_format_iso(d, buf);
}

/* Escapes LIKE's metacharacters (% _ and the escape character \) so that
 * s is matched literally. */
static void like_escape(struct sbuf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '%' || *s == '_' || *s == '\\')
			sbuf_addc(out, '\\');
		sbuf_addc(out, *s);
	}
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

/* "C" + digits padded to width ("c123" → "C0000123"); codes past the
 * width keep every digit, as rd.next_code makes them. */
static void pad_code(char *out, size_t outsz, char prefix, const char *digits,
		     int width)
{
	int n;

	while (*digits == '0' && digits[1])
		digits++;
	n = (int)strlen(digits);
	snprintf(out, outsz, "%c%.*s%s", prefix, n < width ? width - n : 0,
		 "0000000000000000", digits);
}

/* ------------------------------------------------------------------------
 * Prefectures */

static const char *const prefectures[] = {
	"北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
	"茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
	"新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
	"静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
	"奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
	"徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
	"熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
};

/* The prefecture named by s ("東京都" or "東京"), or NULL. */
static const char *prefecture_lookup(const char *s)
{
	size_t n = strlen(s);

	if (n == 0)
		return NULL;
	for (size_t i = 0; i < N_ELEMS(prefectures); i++) {
		const char *p = prefectures[i];
		size_t pn = strlen(p);

		if (strcmp(p, s) == 0)
			return p;
		/* without 都/府/県 (3 bytes each); 北海道 has none to drop */
		if (n + 3 == pn && strncmp(p, s, n) == 0 && strcmp(p, "北海道") != 0)
			return p;
	}
	return NULL;
}

/* ------------------------------------------------------------------------
 * What a search line is */

static bool is_phone_punct(uint32_t cp)
{
	switch (cp) {
	case '+': case '-': case '(': case ')': case '.': case '/':
	case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014:
	case 0x2015: case 0x2212: case 0x2500: case 0x30FC: case 0xFF70:
	case 0xFE58: case 0xFE63:
		return true;
	default:
		return false;
	}
}

/* True when s (folded: ASCII digits) is made of digits and the
 * punctuation of phone numbers, with at least one digit. Sets *bare when
 * it is digits only. */
static bool numeric_text(const char *s, bool *bare)
{
	size_t n = strlen(s);
	int digits = 0;

	*bare = true;
	for (size_t i = 0, len; i < n; i += len) {
		uint32_t cp;

		len = utf8_decode(s + i, n - i, &cp);
		if (cp >= '0' && cp <= '9') {
			digits++;
		} else if (is_phone_punct(cp)) {
			*bare = false;
		} else {
			return false;
		}
	}
	return digits > 0;
}

/* "C" or "O" followed by digits only (folded text). */
static bool code_like(const char *s, char letter)
{
	return (s[0] == letter || s[0] == (char)tolower((unsigned char)letter)) &&
	       all_digits(s + 1);
}

/* 123-4567 */
static bool postal_like(const char *s)
{
	if (strlen(s) != 8 || s[3] != '-')
		return false;
	for (int i = 0; i < 8; i++)
		if (i != 3 && (s[i] < '0' || s[i] > '9'))
			return false;
	return true;
}

enum rd_status customer_classify(const char *text, struct customer_guess *out,
				 struct rd_error *err)
{
	struct sbuf folded;
	enum rd_status st;
	bool bare;
	const char *s;

	memset(out, 0, sizeof(*out));
	if ((st = check_text(text, _("the search"), CUSTOMER_QUERY_CHARS, err)) != RD_OK)
		return st;
	sbuf_init(&folded);
	if ((st = normalize_name(text, NORMALIZE_SPACE_REMOVE, &folded, err)) != RD_OK)
		goto out;
	s = folded.buf;
	if (!*s) {
		st = rd_error_set(err, RD_INVALID,
			_("type a phone number, name, reading, customer or order number, e-mail or postal code"));
		goto out;
	}
	if (strchr(s, '@')) {
		out->kind = CUSTOMER_KIND_EMAIL;
		st = normalize_email(text, out->key, sizeof(out->key), err);
	} else if (code_like(s, 'C')) {
		out->kind = CUSTOMER_KIND_CODE;
		pad_code(out->key, sizeof(out->key), 'C', s + 1, 7);
	} else if (code_like(s, 'O')) {
		out->kind = CUSTOMER_KIND_ORDER;
		pad_code(out->key, sizeof(out->key), 'O', s + 1, 8);
	} else if (strncmp(s, "〒", strlen("〒")) == 0 || postal_like(s)) {
		out->kind = CUSTOMER_KIND_POSTAL;
		st = normalize_postal(text, out->key, sizeof(out->key), err);
	} else if (numeric_text(s, &bare)) {
		if (bare && strlen(s) == 7) {
			out->kind = CUSTOMER_KIND_POSTAL_OR_PHONE;
			utf8_copy(out->key, sizeof(out->key), s);
		} else if (normalize_phone(text, NORMALIZE_PHONE_FULL, out->key,
					   sizeof(out->key), NULL) == RD_OK) {
			out->kind = CUSTOMER_KIND_PHONE;
		} else {
			out->kind = CUSTOMER_KIND_PHONE_FRAGMENT;
			st = normalize_phone(text, NORMALIZE_PHONE_FRAGMENT, out->key,
					     sizeof(out->key), err);
		}
	} else if (normalize_is_kana_reading(text)) {
		struct sbuf k;

		sbuf_init(&k);
		out->kind = CUSTOMER_KIND_KANA;
		st = normalize_kana(text, NORMALIZE_SPACE_REMOVE, &k, err);
		utf8_copy(out->key, sizeof(out->key), k.buf);
		sbuf_done(&k);
	} else {
		out->kind = CUSTOMER_KIND_NAME;
		utf8_copy(out->key, sizeof(out->key), s);
	}
out:
	sbuf_done(&folded);
	if (st != RD_OK)
		out->key[0] = '\0';
	return st;
}

/* ------------------------------------------------------------------------
 * The query */

void customer_query_init(struct customer_query *q)
{
	memset(q, 0, sizeof(*q));
	q->age_min = q->age_max = -1;
	q->ltv_min = q->ltv_max = -1;
	q->last_order_from = q->last_order_to = CUSTOMER_NO_DATE;
	q->no_dm = q->no_call = q->no_email = -1;
	q->subscription = CUSTOMER_SUBS_ANY;
}

static char *qfield(struct customer_query *q, enum customer_qfield f,
		    const char **label)
{
	switch (f) {
	case CUSTOMER_Q_ANY: *label = _("the search"); return q->any;
	case CUSTOMER_Q_PHONE: *label = _("the phone number"); return q->phone;
	case CUSTOMER_Q_NAME: *label = _("the name"); return q->name;
	case CUSTOMER_Q_KANA: *label = _("the reading"); return q->kana;
	case CUSTOMER_Q_CODE: *label = _("the customer code"); return q->code;
	case CUSTOMER_Q_EMAIL: *label = _("the e-mail address"); return q->email;
	case CUSTOMER_Q_POSTAL: *label = _("the postal code"); return q->postal;
	case CUSTOMER_Q_ORDER: *label = _("the order number"); return q->order_no;
	case CUSTOMER_Q_PREFECTURE: *label = _("the prefecture"); return q->prefecture;
	case CUSTOMER_Q_PRODUCT: *label = _("the product"); return q->product;
	case CUSTOMER_Q_MEDIA: *label = _("the media code"); return q->media;
	}
	return NULL;
}

enum rd_status customer_query_set(struct customer_query *q,
				  enum customer_qfield field, const char *value,
				  struct rd_error *err)
{
	const char *label = "";
	char *dst = qfield(q, field, &label);
	enum rd_status st;

	if (!dst)
		return rd_error_set(err, RD_INTERNAL, "unknown query field %d", (int)field);
	if (!value)
		value = "";
	if ((st = check_text(value, label, CUSTOMER_QUERY_CHARS, err)) != RD_OK)
		return st;
	utf8_copy(dst, CUSTOMER_QUERY_SIZE, value);
	return RD_OK;
}

bool customer_query_empty(const struct customer_query *q)
{
	return !q->any[0] && !q->phone[0] && !q->name[0] && !q->kana[0] &&
	       !q->code[0] && !q->email[0] && !q->postal[0] && !q->order_no[0] &&
	       !q->prefecture[0] && q->age_min < 0 && q->age_max < 0 &&
	       !q->gender && q->subscription == CUSTOMER_SUBS_ANY &&
	       !q->product[0] && q->ltv_min < 0 && q->ltv_max < 0 &&
	       !q->rfm_min[0] && !q->rfm_max[0] && !q->rfm_min[1] &&
	       !q->rfm_max[1] && !q->rfm_min[2] && !q->rfm_max[2] &&
	       q->last_order_from == CUSTOMER_NO_DATE &&
	       q->last_order_to == CUSTOMER_NO_DATE && !q->media[0] &&
	       q->no_dm < 0 && q->no_call < 0 && q->no_email < 0;
}

enum rd_status customer_rfm_parse(const char *spec, struct customer_query *q,
				  struct rd_error *err)
{
	int lo[3] = { 0, 0, 0 }, hi[3] = { 0, 0, 0 };
	const char *p = spec;
	int items = 0;

	if (!spec)
		spec = p = "";
	while (*p) {
		int letter, a, b;

		while (*p == ' ' || *p == ',')
			p++;
		if (!*p)
			break;
		switch (*p) {
		case 'R': case 'r': letter = CUSTOMER_RFM_R; break;
		case 'F': case 'f': letter = CUSTOMER_RFM_F; break;
		case 'M': case 'm': letter = CUSTOMER_RFM_M; break;
		default: goto bad;
		}
		p++;
		if (*p < '1' || *p > '5')
			goto bad;
		a = b = *p++ - '0';
		if (*p == '-') {
			p++;
			if (*p < '1' || *p > '5')
				goto bad;
			b = *p++ - '0';
		}
		if (a > b || lo[letter])
			goto bad;
		if (*p && *p != ',' && *p != ' ')
			goto bad;
		lo[letter] = a;
		hi[letter] = b;
		items++;
	}
	if (!items)
		goto bad;
	for (int i = 0; i < 3; i++) {
		q->rfm_min[i] = lo[i];
		q->rfm_max[i] = hi[i];
	}
	return RD_OK;
bad:
	return rd_error_set(err, RD_INVALID,
		_("RFM ranks are written like R5, F3-5 or R4-5,M5 (each letter once, ranks 1 to 5), not '%s'"),
		spec);
}

/* A sku or media code: the CHECK of products.sku / media.code. */
static bool plain_code(const char *s)
{
	if (strlen(s) >= CUSTOMER_SKU_SIZE ||
	    !((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
	      (*s >= '0' && *s <= '9')))
		return false;
	for (; *s; s++)
		if (!((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
			return false;
	return true;
}

/* ------------------------------------------------------------------------
 * A query compiled: normalized keys, no SQL yet */

enum key_kind {
	K_PHONE,      /* exact: phone1 or phone2 */
	K_SUFFIX,     /* reversed digits + '%' */
	K_POSTAL_OR_SUFFIX,
	K_POSTAL,
	K_CODE,
	K_ORDER,
	K_EMAIL,
	K_NAME,
	K_KANA
};

struct key {
	enum key_kind kind;
	char value[CUSTOMER_QUERY_SIZE];   /* normalized */
	char pattern[CUSTOMER_QUERY_SIZE * 2 + 2];  /* LIKE-escaped, reversed digits% */
	size_t chars;                      /* of value */
};

#define MAX_KEYS 8

struct plan {
	struct key keys[MAX_KEYS];  /* keys[0] ranks the results when ranked */
	int nkeys;
	bool ranked;                /* keys[0] has more than one kind of match */
	const char *prefecture;     /* static, or NULL */
	const struct customer_query *q;
};

static void key_set(struct key *k, enum key_kind kind, const char *value)
{
	struct sbuf sb;

	memset(k, 0, sizeof(*k));
	k->kind = kind;
	utf8_copy(k->value, sizeof(k->value), value);
	k->chars = textcheck_chars(k->value);
	sbuf_init(&sb);
	if (kind == K_SUFFIX || kind == K_POSTAL_OR_SUFFIX) {
		size_t n = strlen(value);

		for (size_t i = n; i > 0; i--)
			sbuf_addc(&sb, value[i - 1]);
		sbuf_addc(&sb, '%');
	} else {
		like_escape(&sb, value);
	}
	utf8_copy(k->pattern, sizeof(k->pattern), sb.buf);
	sbuf_done(&sb);
}

static enum rd_status add_guess(struct plan *p, const struct customer_guess *g)
{
	static const enum key_kind kinds[] = {
		[CUSTOMER_KIND_PHONE] = K_PHONE,
		[CUSTOMER_KIND_PHONE_FRAGMENT] = K_SUFFIX,
		[CUSTOMER_KIND_POSTAL_OR_PHONE] = K_POSTAL_OR_SUFFIX,
		[CUSTOMER_KIND_POSTAL] = K_POSTAL,
		[CUSTOMER_KIND_CODE] = K_CODE,
		[CUSTOMER_KIND_ORDER] = K_ORDER,
		[CUSTOMER_KIND_EMAIL] = K_EMAIL,
		[CUSTOMER_KIND_KANA] = K_KANA,
		[CUSTOMER_KIND_NAME] = K_NAME,
	};

	key_set(&p->keys[p->nkeys++], kinds[g->kind], g->key);
	return RD_OK;
}

static enum rd_status compile_phone(struct plan *p, const char *text,
				    struct rd_error *err)
{
	char digits[CUSTOMER_QUERY_SIZE];
	enum rd_status st;

	if (normalize_phone(text, NORMALIZE_PHONE_FULL, digits, sizeof(digits),
			    NULL) == RD_OK) {
		key_set(&p->keys[p->nkeys++], K_PHONE, digits);
		return RD_OK;
	}
	st = normalize_phone(text, NORMALIZE_PHONE_FRAGMENT, digits, sizeof(digits), err);
	if (st == RD_OK)
		key_set(&p->keys[p->nkeys++], K_SUFFIX, digits);
	return st;
}

static enum rd_status compile_text(struct plan *p, const char *text, bool kana,
				   struct rd_error *err)
{
	struct sbuf sb;
	enum rd_status st;

	sbuf_init(&sb);
	if (kana && !normalize_is_kana_reading(text)) {
		st = rd_error_set(err, RD_INVALID,
			_("the reading must be typed in kana (hiragana or katakana), not '%s'"),
			text);
		goto out;
	}
	st = kana ? normalize_kana(text, NORMALIZE_SPACE_REMOVE, &sb, err)
		  : normalize_name(text, NORMALIZE_SPACE_REMOVE, &sb, err);
	if (st != RD_OK)
		goto out;
	if (!sb.len) {
		st = rd_error_set(err, RD_INVALID, _("type at least one character of the name"));
		goto out;
	}
	key_set(&p->keys[p->nkeys++], kana ? K_KANA : K_NAME, sb.buf);
out:
	sbuf_done(&sb);
	return st;
}

static enum rd_status compile_code(struct plan *p, const char *text, char letter,
				   struct rd_error *err)
{
	struct sbuf sb;
	char code[CUSTOMER_QUERY_SIZE];
	enum rd_status st;

	sbuf_init(&sb);
	st = normalize_name(text, NORMALIZE_SPACE_REMOVE, &sb, err);
	if (st == RD_OK) {
		const char *s = sb.buf;

		if (code_like(s, letter)) {
			pad_code(code, sizeof(code), letter, s + 1, letter == 'C' ? 7 : 8);
		} else if (all_digits(s)) {
			pad_code(code, sizeof(code), letter, s, letter == 'C' ? 7 : 8);
		} else {
			st = letter == 'C'
				? rd_error_set(err, RD_INVALID,
					_("a customer code looks like C0000123, not '%s'"), text)
				: rd_error_set(err, RD_INVALID,
					_("an order number looks like O00000123, not '%s'"), text);
		}
	}
	sbuf_done(&sb);
	if (st == RD_OK)
		key_set(&p->keys[p->nkeys++], letter == 'C' ? K_CODE : K_ORDER, code);
	return st;
}

static enum rd_status compile(const struct customer_query *q, struct plan *p,
			      struct rd_error *err)
{
	char buf[CUSTOMER_QUERY_SIZE];
	enum rd_status st = RD_OK;

	memset(p, 0, sizeof(*p));
	p->q = q;
	if (customer_query_empty(q))
		return rd_error_set(err, RD_USAGE,
			_("nothing to search for: type a phone number, name, reading, code, or choose a filter"));
	/* the search line first: it decides the order of the results */
	if (q->any[0]) {
		struct customer_guess g;

		if ((st = customer_classify(q->any, &g, err)) != RD_OK)
			return st;
		add_guess(p, &g);
	}
	if (q->name[0] && (st = compile_text(p, q->name, false, err)) != RD_OK)
		return st;
	if (q->kana[0] && (st = compile_text(p, q->kana, true, err)) != RD_OK)
		return st;
	if (q->phone[0]) {
		if ((st = check_text(q->phone, _("the phone number"), CUSTOMER_QUERY_CHARS, err)) != RD_OK ||
		    (st = compile_phone(p, q->phone, err)) != RD_OK)
			return st;
	}
	if (q->code[0] && (st = compile_code(p, q->code, 'C', err)) != RD_OK)
		return st;
	if (q->order_no[0] && (st = compile_code(p, q->order_no, 'O', err)) != RD_OK)
		return st;
	if (q->email[0]) {
		if ((st = normalize_email(q->email, buf, sizeof(buf), err)) != RD_OK)
			return st;
		key_set(&p->keys[p->nkeys++], K_EMAIL, buf);
	}
	if (q->postal[0]) {
		if ((st = normalize_postal(q->postal, buf, sizeof(buf), err)) != RD_OK)
			return st;
		key_set(&p->keys[p->nkeys++], K_POSTAL, buf);
	}
	p->ranked = p->nkeys > 0 &&
		    (p->keys[0].kind == K_NAME || p->keys[0].kind == K_KANA ||
		     p->keys[0].kind == K_POSTAL_OR_SUFFIX);

	/* filters */
	if (q->prefecture[0]) {
		struct sbuf sb;

		sbuf_init(&sb);
		st = normalize_name(q->prefecture, NORMALIZE_SPACE_REMOVE, &sb, err);
		p->prefecture = st == RD_OK ? prefecture_lookup(sb.buf) : NULL;
		sbuf_done(&sb);
		if (st != RD_OK)
			return st;
		if (!p->prefecture)
			return rd_error_set(err, RD_INVALID,
				_("'%s' is not a prefecture (東京都, 大阪府, 北海道...)"), q->prefecture);
	}
	if (q->age_min > 150 || q->age_max > 150 ||
	    (q->age_min >= 0 && q->age_max >= 0 && q->age_min > q->age_max))
		return rd_error_set(err, RD_INVALID,
			_("the age range must be within 0 to 150, the lower bound first"));
	if (q->gender && q->gender != 'f' && q->gender != 'm' && q->gender != 'x')
		return rd_error_set(err, RD_INVALID, _("gender is f, m or x"));
	if ((unsigned)q->subscription > CUSTOMER_SUBS_NEVER)
		return rd_error_set(err, RD_INVALID,
			_("subscription status is active, paused, cancelled or never"));
	if (q->product[0] && !plain_code(q->product))
		return rd_error_set(err, RD_INVALID,
			_("'%s' is not a product code (letters, digits, - and _)"), q->product);
	if (q->media[0] && !plain_code(q->media))
		return rd_error_set(err, RD_INVALID,
			_("'%s' is not a media code (letters, digits, - and _)"), q->media);
	if (q->ltv_min < -1 || q->ltv_max < -1 ||
	    (q->ltv_min >= 0 && q->ltv_max >= 0 && q->ltv_min > q->ltv_max))
		return rd_error_set(err, RD_INVALID,
			_("the LTV range must be in yen, zero or more, the lower bound first"));
	for (int i = 0; i < 3; i++)
		if (q->rfm_min[i] < 0 || q->rfm_min[i] > 5 || q->rfm_max[i] < 0 ||
		    q->rfm_max[i] > 5 ||
		    (q->rfm_min[i] && q->rfm_max[i] && q->rfm_min[i] > q->rfm_max[i]))
			return rd_error_set(err, RD_INVALID,
				_("RFM ranks go from 1 to 5, the lower bound first"));
	if (q->last_order_from != CUSTOMER_NO_DATE && q->last_order_to != CUSTOMER_NO_DATE &&
	    q->last_order_from > q->last_order_to)
		return rd_error_set(err, RD_INVALID,
			_("the last-order date range ends before it starts"));
	return RD_OK;
}

enum rd_status customer_query_check(const struct customer_query *q,
				    struct rd_error *err)
{
	struct plan p;

	return compile(q, &p, err);
}

/* ------------------------------------------------------------------------
 * SQL text with its parameters */

#define QB_MAX_PARAMS 64

struct qb {
	struct sbuf sql;
	char *params[QB_MAX_PARAMS];
	int n;
	bool overflow;
};

static void qb_init(struct qb *b)
{
	memset(b, 0, sizeof(*b));
	sbuf_init(&b->sql);
}

static void qb_done(struct qb *b)
{
	for (int i = 0; i < b->n; i++)
		free(b->params[i]);
	sbuf_done(&b->sql);
	b->n = 0;
}

/* Adds a parameter (copied; NULL is SQL NULL) and returns its number. */
static int qb_param(struct qb *b, const char *v)
{
	if (b->n >= QB_MAX_PARAMS) {
		b->overflow = true;
		return 1;
	}
	b->params[b->n++] = v ? xstrdup(v) : NULL;
	return b->n;
}

static int qb_int(struct qb *b, long long v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "%lld", v);
	return qb_param(b, buf);
}

/* Appends SQL; fmt is always a literal of this file, and %d is only ever
 * a parameter number or a constant. */
static void qb_add(struct qb *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void qb_add(struct qb *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sbuf_vprintf(&b->sql, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------------------
 * Tracing the reads (benchmarks and debugging only) */

static struct sbuf *trace_sink;

void customer_trace(struct sbuf *sink)
{
	trace_sink = sink;
}

/* Appends sql to the trace with its parameters written in as literals. */
static void trace_sql(const char *sql, int n, const char *const *params)
{
	if (!trace_sink)
		return;
	for (const char *p = sql; *p; p++) {
		if (*p == '$' && p[1] >= '1' && p[1] <= '9') {
			char *end;
			long k = strtol(p + 1, &end, 10);
			const char *v = k >= 1 && k <= n ? params[k - 1] : NULL;

			if (!v) {
				sbuf_adds(trace_sink, "NULL");
			} else {
				sbuf_addc(trace_sink, '\'');
				for (; *v; v++) {
					if (*v == '\'')
						sbuf_addc(trace_sink, '\'');
					sbuf_addc(trace_sink, *v);
				}
				sbuf_addc(trace_sink, '\'');
			}
			p = end - 1;
		} else {
			sbuf_addc(trace_sink, *p);
		}
	}
	sbuf_adds(trace_sink, ";\n");
}

/* db_query and db_query_value, traced. */
static enum rd_status read_rows(struct rd_db *db, const char *sql, int n,
				const char *const *params, struct db_rows *out,
				struct rd_error *err)
{
	trace_sql(sql, n, params);
	return db_query(db, sql, n, params, out, err);
}

static enum rd_status read_value(struct rd_db *db, const char *sql, int n,
				 const char *const *params, char *out,
				 size_t outsz, struct rd_error *err)
{
	trace_sql(sql, n, params);
	return db_query_value(db, sql, n, params, out, outsz, NULL, err);
}

static enum rd_status qb_query(struct rd_db *db, struct qb *b,
			       struct db_rows *out, struct rd_error *err)
{
	if (b->overflow) {
		memset(out, 0, sizeof(*out));
		return rd_error_set(err, RD_INTERNAL, "too many search parameters");
	}
	return read_rows(db, b->sql.buf, b->n, (const char *const *)b->params, out, err);
}

/* ------------------------------------------------------------------------
 * The SQL of keys and filters */

enum level { L_EXACT = 0, L_PREFIX = 1, L_PARTIAL = 2, L_ANY = 3 };

/* "contains": for 1 or 2 characters, one of the stored grams (pg_trgm
 * cannot serve them; element statistics make the estimate exact enough to
 * choose between the GIN index and a scan in code order); for more, LIKE
 * with pg_trgm. Never both: the planner would take them for independent
 * and underestimate the rows tenfold. */
static void emit_contains(struct qb *b, const struct key *k, const char *col)
{
	if (k->chars <= 2)
		qb_add(b, "%s @> rd.search_query_grams($%d)",
		       k->kind == K_KANA ? "c.kana_grams" : "c.name_grams",
		       qb_param(b, k->value));
	else
		qb_add(b, "rd.search_text(%s) LIKE '%%' || rd.search_text($%d) || '%%'",
		       col, qb_param(b, k->pattern));
}

static void emit_key(struct qb *b, const struct key *k, enum level lv)
{
	const char *col = k->kind == K_KANA ? "c.name_kana" : "c.name";
	int v, pat;

	qb_add(b, "(");
	switch (k->kind) {
	case K_PHONE:
		v = qb_param(b, k->value);
		qb_add(b, "c.phone1 = $%d::text OR c.phone2 = $%d::text", v, v);
		break;
	case K_SUFFIX:
		pat = qb_param(b, k->pattern);
		qb_add(b, "reverse(c.phone1) LIKE $%d OR reverse(c.phone2) LIKE $%d", pat, pat);
		break;
	case K_POSTAL_OR_SUFFIX:
		v = qb_param(b, k->value);
		if (lv == L_EXACT) {
			qb_add(b, "c.postal_code = $%d::text", v);
			break;
		}
		pat = qb_param(b, k->pattern);
		if (lv == L_ANY)
			qb_add(b, "c.postal_code = $%d::text OR reverse(c.phone1) LIKE $%d"
				  " OR reverse(c.phone2) LIKE $%d", v, pat, pat);
		else
			qb_add(b, "(reverse(c.phone1) LIKE $%d OR reverse(c.phone2) LIKE $%d)"
				  " AND c.postal_code IS DISTINCT FROM $%d::text", pat, pat, v);
		break;
	case K_POSTAL:
		qb_add(b, "c.postal_code = $%d::text", qb_param(b, k->value));
		break;
	case K_CODE:
		qb_add(b, "c.code = $%d", qb_param(b, k->value));
		break;
	case K_ORDER:
		qb_add(b, "c.id = (SELECT o.customer_id FROM rd.orders o WHERE o.order_no = $%d)",
		       qb_param(b, k->value));
		break;
	case K_EMAIL:
		qb_add(b, "c.email = $%d", qb_param(b, k->value));
		break;
	case K_NAME:
	case K_KANA:
		switch (lv) {
		/* COLLATE "C": the btree (search text, code) of 0010, in byte
		 * order, serves =, LIKE 'q%' and the order of the prefix group */
		case L_EXACT:
			qb_add(b, "rd.search_text(%s) COLLATE \"C\" = rd.search_text($%d)", col,
			       qb_param(b, k->value));
			break;
		case L_PREFIX:
			pat = qb_param(b, k->pattern);
			v = qb_param(b, k->value);
			qb_add(b, "rd.search_text(%s) COLLATE \"C\" LIKE rd.search_text($%d) || '%%'"
				  " AND rd.search_text(%s) COLLATE \"C\" <> rd.search_text($%d)",
			       col, pat, col, v);
			break;
		case L_PARTIAL:
			emit_contains(b, k, col);
			pat = qb_param(b, k->pattern);
			qb_add(b, " AND rd.search_text(%s) COLLATE \"C\" NOT LIKE rd.search_text($%d) || '%%'",
			       col, pat);
			break;
		case L_ANY:
			emit_contains(b, k, col);
			break;
		}
		break;
	}
	qb_add(b, ")");
}

/* The figures (ltv, order count, order dates) live in rd.customer_figures
 * (0150): the filters on them go into one EXISTS on the customer's row
 * there, opened by the first of them and closed after the last. */
static void figures_open(struct qb *b, bool *open)
{
	if (*open)
		return;
	qb_add(b, " AND EXISTS (SELECT 1 FROM rd.customer_figures f"
		  " WHERE f.customer_id = c.id");
	*open = true;
}

static void emit_filters(struct qb *b, const struct plan *p)
{
	const struct customer_query *q = p->q;
	static const char *const rfm_keys[3] = { "rfm_r_days", "rfm_f_orders", "rfm_m_yen" };
	bool figs = false;

	if (p->prefecture)
		qb_add(b, " AND c.prefecture = $%d::text", qb_param(b, p->prefecture));
	if (q->age_min >= 0)
		qb_add(b, " AND c.birth_date <= (SELECT (rd.customer_today()"
			  " - make_interval(years => $%d::int))::date)", qb_int(b, q->age_min));
	if (q->age_max >= 0)
		qb_add(b, " AND c.birth_date > (SELECT (rd.customer_today()"
			  " - make_interval(years => $%d::int + 1))::date)", qb_int(b, q->age_max));
	if (q->gender) {
		char g[2] = { q->gender, '\0' };

		qb_add(b, " AND c.gender = $%d", qb_param(b, g));
	}
	switch (q->subscription) {
	case CUSTOMER_SUBS_ANY:
		break;
	case CUSTOMER_SUBS_ACTIVE:
	case CUSTOMER_SUBS_PAUSED:
		qb_add(b, " AND EXISTS (SELECT 1 FROM rd.subscriptions s"
			  " WHERE s.customer_id = c.id AND s.status = '%s')",
		       q->subscription == CUSTOMER_SUBS_ACTIVE ? "active" : "paused");
		break;
	case CUSTOMER_SUBS_CANCELLED:
		qb_add(b, " AND EXISTS (SELECT 1 FROM rd.subscriptions s WHERE s.customer_id = c.id)"
			  " AND NOT EXISTS (SELECT 1 FROM rd.subscriptions s"
			  " WHERE s.customer_id = c.id AND s.status IN ('active', 'paused'))");
		break;
	case CUSTOMER_SUBS_NEVER:
		qb_add(b, " AND NOT EXISTS (SELECT 1 FROM rd.subscriptions s WHERE s.customer_id = c.id)");
		break;
	}
	if (q->product[0])
		qb_add(b, " AND EXISTS (SELECT 1 FROM rd.orders o"
			  " JOIN rd.order_lines l ON l.order_id = o.id"
			  " WHERE o.customer_id = c.id AND l.sku = $%d"
			  " AND o.status NOT IN ('cancelled', 'returned'))", qb_param(b, q->product));
	if (q->ltv_min >= 0) {
		figures_open(b, &figs);
		qb_add(b, " AND f.ltv >= $%d::bigint", qb_int(b, q->ltv_min));
	}
	if (q->ltv_max >= 0) {
		figures_open(b, &figs);
		qb_add(b, " AND f.ltv <= $%d::bigint", qb_int(b, q->ltv_max));
	}
	for (int i = 0; i < 3; i++) {
		int lo = q->rfm_min[i], hi = q->rfm_max[i];

		if (!lo && !hi)
			continue;
		if (!lo)
			lo = 1;
		if (!hi)
			hi = 5;
		/* a rank is a range of the figure it is made of (0010) */
		figures_open(b, &figs);
		if (i == CUSTOMER_RFM_R) {
			qb_add(b, " AND f.last_order_date IS NOT NULL");
			if (lo >= 2)
				qb_add(b, " AND f.last_order_date >= (SELECT rd.customer_today()"
					  " - rd.rfm_bound('%s', $%d::int)::int)",
				       rfm_keys[i], qb_int(b, lo));
			if (hi <= 4)
				qb_add(b, " AND f.last_order_date < (SELECT rd.customer_today()"
					  " - rd.rfm_bound('%s', $%d::int)::int)",
				       rfm_keys[i], qb_int(b, hi + 1));
		} else {
			const char *col = i == CUSTOMER_RFM_F ? "f.order_count" : "f.ltv";

			qb_add(b, " AND f.order_count >= 1");
			if (lo >= 2)
				qb_add(b, " AND %s >= (SELECT rd.rfm_bound('%s', $%d::int))",
				       col, rfm_keys[i], qb_int(b, lo));
			if (hi <= 4)
				qb_add(b, " AND %s < (SELECT rd.rfm_bound('%s', $%d::int))",
				       col, rfm_keys[i], qb_int(b, hi + 1));
		}
	}
	if (q->last_order_from != CUSTOMER_NO_DATE) {
		char d[DATE_ISO_SIZE];

		figures_open(b, &figs);
		date_param(q->last_order_from, d);
		qb_add(b, " AND f.last_order_date >= $%d::date", qb_param(b, d));
	}
	if (q->last_order_to != CUSTOMER_NO_DATE) {
		char d[DATE_ISO_SIZE];

		figures_open(b, &figs);
		date_param(q->last_order_to, d);
		qb_add(b, " AND f.last_order_date <= $%d::date", qb_param(b, d));
	}
	if (figs)
		qb_add(b, ")");
	if (q->media[0]) {
		int m = qb_param(b, q->media);

		qb_add(b, " AND (SELECT o.media_code FROM rd.orders o WHERE o.customer_id = c.id"
			  " ORDER BY o.order_date, o.id LIMIT 1) = $%d", m);
	}
	if (q->no_dm >= 0)
		qb_add(b, " AND %sc.no_dm", q->no_dm ? "" : "NOT ");
	if (q->no_call >= 0)
		qb_add(b, " AND %sc.no_call", q->no_call ? "" : "NOT ");
	if (q->no_email >= 0)
		qb_add(b, " AND %sc.no_email", q->no_email ? "" : "NOT ");
}

/* WHERE of a search: keys[0] at level lv, the other keys whole, filters. */
static void emit_where(struct qb *b, const struct plan *p, enum level lv)
{
	if (p->nkeys == 0)
		qb_add(b, "true");
	for (int i = 0; i < p->nkeys; i++) {
		if (i > 0)
			qb_add(b, " AND ");
		emit_key(b, &p->keys[i], i == 0 ? lv : L_ANY);
	}
	emit_filters(b, p);
}

/* The levels (kinds of match) of a plan's results, best first. */
static int plan_levels(const struct plan *p, enum level *out)
{
	if (p->nkeys == 0) {
		out[0] = L_EXACT;
		return 1;
	}
	switch (p->keys[0].kind) {
	case K_NAME:
	case K_KANA:
		out[0] = L_EXACT;
		out[1] = L_PREFIX;
		out[2] = L_PARTIAL;
		return 3;
	case K_POSTAL_OR_SUFFIX:
		out[0] = L_EXACT;
		out[1] = L_PARTIAL;
		return 2;
	case K_SUFFIX:
		out[0] = L_PARTIAL;
		return 1;
	default:
		out[0] = L_EXACT;
		return 1;
	}
}

/* ------------------------------------------------------------------------
 * Finding */

/* Columns of a result row, in order; the last one is the sort key of the
 * prefix group (%s: its expression, or NULL). */
#define ROW_COLUMNS \
	"SELECT c.id, c.code, c.name, c.name_kana, c.phone1, c.prefecture," \
	" (SELECT count(*) FROM rd.subscriptions s" \
	"   WHERE s.customer_id = c.id AND s.status = 'active')," \
	" f.last_order_date, f.ltv, %s" \
	" FROM rd.customers c JOIN rd.customer_figures f ON f.customer_id = c.id WHERE "

/* The expression the prefix group of a name or reading is ordered by
 * (before the code), or NULL when the level is ordered by code alone. */
static const char *sort_key_expr(const struct plan *p, enum level lv)
{
	if (lv != L_PREFIX || p->nkeys == 0)
		return NULL;
	if (p->keys[0].kind == K_NAME)
		return "rd.search_text(c.name) COLLATE \"C\"";
	if (p->keys[0].kind == K_KANA)
		return "rd.search_text(c.name_kana) COLLATE \"C\"";
	return NULL;
}

static void fill_row(struct customer_row *r, const struct db_rows *rows, int i,
		     int match)
{
	memset(r, 0, sizeof(*r));
	r->id = to_i64(db_rows_get(rows, i, 0));
	r->match = (enum customer_match)match;
	utf8_copy(r->code, sizeof(r->code), db_rows_get(rows, i, 1));
	utf8_copy(r->name, sizeof(r->name), db_rows_get(rows, i, 2));
	utf8_copy(r->kana, sizeof(r->kana), db_rows_get(rows, i, 3));
	utf8_copy(r->phone, sizeof(r->phone), db_rows_get(rows, i, 4));
	utf8_copy(r->prefecture, sizeof(r->prefecture), db_rows_get(rows, i, 5));
	r->active_subscriptions = (int)to_i64(db_rows_get(rows, i, 6));
	r->last_order_date = to_date(db_rows_get(rows, i, 7));
	r->ltv = to_i64(db_rows_get(rows, i, 8));
}

enum rd_status customer_find(struct rd_db *db, const struct customer_query *q,
			     const struct customer_cursor *after,
			     struct customer_row *rows, int cap, int *nrows,
			     struct customer_cursor *next, struct rd_error *err)
{
	struct plan p;
	enum level levels[3];
	int nlevels, got = 0;
	bool more = false;
	enum rd_status st;

	*nrows = 0;
	memset(next, 0, sizeof(*next));
	if (cap < 1 || cap > CUSTOMER_PAGE_MAX)
		return rd_error_set(err, RD_USAGE,
			_("a page holds 1 to %d customers"), CUSTOMER_PAGE_MAX);
	if ((st = compile(q, &p, err)) != RD_OK)
		return st;
	nlevels = plan_levels(&p, levels);
	for (int l = 0; l < nlevels && !more; l++) {
		const char *key = sort_key_expr(&p, levels[l]);
		bool from = false;
		struct db_rows res;
		struct qb b;

		if (after && after->code[0]) {
			if ((int)levels[l] < after->match)
				continue;
			from = (int)levels[l] == after->match;
		}
		qb_init(&b);
		qb_add(&b, ROW_COLUMNS, key ? key : "NULL::text");
		emit_where(&b, &p, levels[l]);
		if (from && key)
			qb_add(&b, " AND (%s, c.code) > ($%d, $%d)", key,
			       qb_param(&b, after->key), qb_param(&b, after->code));
		else if (from)
			qb_add(&b, " AND c.code > $%d", qb_param(&b, after->code));
		/* one more than fits: tells whether there is a next page */
		qb_add(&b, " ORDER BY %s%sc.code LIMIT $%d", key ? key : "", key ? ", " : "",
		       qb_int(&b, cap + 1 - got));
		st = qb_query(db, &b, &res, err);
		qb_done(&b);
		if (st != RD_OK)
			return st;
		for (int i = 0; i < res.nrows; i++) {
			if (got < cap)
				fill_row(&rows[got], &res, i, (int)levels[l]);
			if (got == cap - 1)
				utf8_copy(next->key, sizeof(next->key), db_rows_get(&res, i, 9));
			if (++got > cap) {
				more = true;
				break;
			}
		}
		db_rows_free(&res);
	}
	*nrows = got > cap ? cap : got;
	if (more) {
		next->match = rows[cap - 1].match;
		utf8_copy(next->code, sizeof(next->code), rows[cap - 1].code);
	} else {
		memset(next, 0, sizeof(*next));
	}
	return RD_OK;
}

void customer_cursor_format(const struct customer_cursor *c, char *buf,
			    size_t bufsz)
{
	if (!c->code[0])
		snprintf(buf, bufsz, "%s", "");
	else if (c->key[0])
		snprintf(buf, bufsz, "%d:%s:%s", c->match, c->code, c->key);
	else
		snprintf(buf, bufsz, "%d:%s", c->match, c->code);
}

enum rd_status customer_cursor_parse(const char *s, struct customer_cursor *out,
				     struct rd_error *err)
{
	const char *code, *colon;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!s || s[0] < '0' || s[0] > '2' || s[1] != ':')
		goto bad;
	code = s + 2;
	colon = strchr(code, ':');
	n = colon ? (size_t)(colon - code) : strlen(code);
	if (n == 0 || n >= sizeof(out->code))
		goto bad;
	memcpy(out->code, code, n);
	if (!plain_code(out->code))
		goto bad;
	if (colon) {
		if (!colon[1] || strlen(colon + 1) >= sizeof(out->key) ||
		    check_text(colon + 1, "cursor", CUSTOMER_NAME_CHARS * 2, NULL) != RD_OK)
			goto bad;
		utf8_copy(out->key, sizeof(out->key), colon + 1);
	}
	out->match = s[0] - '0';
	return RD_OK;
bad:
	memset(out, 0, sizeof(*out));
	return rd_error_set(err, RD_INVALID,
		_("'%s' is not a page cursor: use the one the previous page printed (like 2:C0000123)"),
		s ? s : "");
}

/* The planner's row estimate of an EXPLAIN (FORMAT JSON) document. */
static long long plan_rows(const char *doc)
{
	struct json_value *root = NULL;
	long long n = -1;
	const char *num;

	if (json_parse(doc, strlen(doc), &root, NULL) != RD_OK)
		return -1;
	num = json_number_text(json_get(json_get(json_at(root, 0), "Plan"), "Plan Rows"));
	if (num)
		n = (long long)strtod(num, NULL);
	json_free(&root);
	return n;
}

/* Counts the matches of a compiled plan up to limit + 1 rows: a LIMIT'ed
 * subquery, which stops reading at the first row past the limit. */
static enum rd_status count_bounded(struct rd_db *db, const struct plan *p, long long limit,
				    struct customer_count_bound *out, struct rd_error *err)
{
	struct qb b;
	char value[64];
	enum rd_status st;

	qb_init(&b);
	qb_add(&b, "SELECT count(*) FROM (SELECT 1 FROM rd.customers c WHERE ");
	emit_where(&b, p, L_ANY);
	qb_add(&b, " LIMIT $%d::bigint) x", qb_int(&b, limit + 1));
	st = b.overflow ? rd_error_set(err, RD_INTERNAL, "too many search parameters")
			: read_value(db, b.sql.buf, b.n, (const char *const *)b.params,
				     value, sizeof(value), err);
	qb_done(&b);
	if (st != RD_OK)
		return st;
	out->n = strtoll(value, NULL, 10);
	if (out->n > limit) {
		out->n = limit;
		out->more = true;
	}
	return RD_OK;
}

enum rd_status customer_count_upto(struct rd_db *db, const struct customer_query *q,
				   long long limit, struct customer_count_bound *out,
				   struct rd_error *err)
{
	struct plan p;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if (limit < 1 || limit > CUSTOMER_COUNT_EXACT_MAX)
		return rd_error_set(err, RD_USAGE, "count limit %lld out of 1..%d", limit,
				    CUSTOMER_COUNT_EXACT_MAX);
	if ((st = compile(q, &p, err)) != RD_OK)
		return st;
	return count_bounded(db, &p, limit, out, err);
}

enum rd_status customer_count(struct rd_db *db, const struct customer_query *q,
			      struct customer_count *out, struct rd_error *err)
{
	struct plan p;
	struct qb b;
	struct customer_count_bound c;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if ((st = compile(q, &p, err)) != RD_OK)
		return st;
	if ((st = count_bounded(db, &p, CUSTOMER_COUNT_EXACT_MAX, &c, err)) != RD_OK)
		return st;
	out->n = c.n;
	if (!c.more)
		return RD_OK;
	out->n = CUSTOMER_COUNT_EXACT_MAX + 1;

	/* too many to count each time a list opens: ask the planner */
	out->estimated = true;
	qb_init(&b);
	qb_add(&b, "EXPLAIN (FORMAT JSON) SELECT 1 FROM rd.customers c WHERE ");
	emit_where(&b, &p, L_ANY);
	{
		struct db_rows res;

		st = qb_query(db, &b, &res, err);
		if (st == RD_OK) {
			long long est = res.nrows == 1 ? plan_rows(db_rows_get(&res, 0, 0)) : -1;

			if (est > out->n)
				out->n = est;
			db_rows_free(&res);
		}
	}
	qb_done(&b);
	return st;
}

/* ------------------------------------------------------------------------
 * The customer */

static const struct {
	const char *column;
	const char *option;
	const char *label;
} field_info[CUSTOMER_F_COUNT] = {
	[CUSTOMER_F_NAME] = { "name", "name", N_("name") },
	[CUSTOMER_F_KANA] = { "name_kana", "kana", N_("reading") },
	[CUSTOMER_F_PHONE1] = { "phone1", "phone", N_("phone") },
	[CUSTOMER_F_PHONE2] = { "phone2", "phone2", N_("second phone") },
	[CUSTOMER_F_EMAIL] = { "email", "email", NC_("field", "e-mail") },
	[CUSTOMER_F_POSTAL] = { "postal_code", "postal", N_("postal code") },
	[CUSTOMER_F_PREFECTURE] = { "prefecture", "prefecture", N_("prefecture") },
	[CUSTOMER_F_ADDRESS1] = { "address1", "address1", N_("address") },
	[CUSTOMER_F_ADDRESS2] = { "address2", "address2", N_("building and room") },
	[CUSTOMER_F_BIRTH_DATE] = { "birth_date", "birth-date", N_("birth date") },
	[CUSTOMER_F_GENDER] = { "gender", "gender", N_("gender") },
	[CUSTOMER_F_NO_DM] = { "no_dm", "no-dm", N_("no direct mail") },
	[CUSTOMER_F_NO_CALL] = { "no_call", "no-call", N_("no sales calls") },
	[CUSTOMER_F_NO_EMAIL] = { "no_email", "no-email", N_("no mail magazine") },
	[CUSTOMER_F_NOTES] = { "notes", "notes", N_("notes") },
};

const char *customer_field_column(enum customer_field f)
{
	return (unsigned)f < CUSTOMER_F_COUNT ? field_info[f].column : "";
}

const char *customer_field_label(enum customer_field f)
{
	return (unsigned)f < CUSTOMER_F_COUNT ? _(field_info[f].label) : "";
}

int customer_field_parse(const char *name)
{
	if (!name)
		return -1;
	for (int f = 0; f < CUSTOMER_F_COUNT; f++)
		if (strcmp(name, field_info[f].column) == 0 ||
		    strcmp(name, field_info[f].option) == 0)
			return f;
	if (strcmp(name, "postal_code") == 0 || strcmp(name, "zip") == 0)
		return CUSTOMER_F_POSTAL;
	if (strcmp(name, "birth_date") == 0)
		return CUSTOMER_F_BIRTH_DATE;
	if (strcmp(name, "phone1") == 0)
		return CUSTOMER_F_PHONE1;
	return -1;
}

void customer_init(struct customer *c)
{
	memset(c, 0, sizeof(*c));
	c->birth_date = c->first_order_date = c->last_order_date = CUSTOMER_NO_DATE;
}

/* Notes may hold line breaks and tabs; nothing else below U+0020. */
static enum rd_status check_notes(const char *s, struct rd_error *err)
{
	size_t n = strlen(s);

	for (size_t i = 0, len; i < n; i += len) {
		uint32_t cp;

		len = utf8_decode(s + i, n - i, &cp);
		if (UTF8_INVALID(cp, len))
			return rd_error_set(err, RD_INVALID, _("notes: the text is not valid UTF-8"));
		if ((cp < 0x20 && cp != '\n' && cp != '\t') || (cp >= 0x7F && cp < 0xA0))
			return rd_error_set(err, RD_INVALID,
				_("notes: the text contains a control character"));
	}
	if (textcheck_chars(s) > CUSTOMER_NOTES_CHARS)
		return rd_error_set(err, RD_INVALID, _("notes are too long: at most %d characters"),
				    CUSTOMER_NOTES_CHARS);
	return RD_OK;
}

/* Folds s (a name or an address) in place with normalize_name. */
static enum rd_status fold_in_place(char *s, size_t sz, const char *label,
				    size_t max_chars, struct rd_error *err)
{
	struct sbuf sb;
	enum rd_status st;

	if ((st = check_text(s, label, max_chars, err)) != RD_OK)
		return st;
	sbuf_init(&sb);
	st = normalize_name(s, NORMALIZE_SPACE_SINGLE, &sb, err);
	if (st == RD_OK)
		utf8_copy(s, sz, sb.buf);
	sbuf_done(&sb);
	return st;
}

/* The stored reading: katakana, ー ・ ヽ ヾ and single spaces only (the
 * domain rd.kana). */
static enum rd_status fold_kana(char *s, size_t sz, struct rd_error *err)
{
	const char *label = _("the reading");
	struct sbuf sb;
	enum rd_status st;

	if ((st = check_text(s, label, CUSTOMER_NAME_CHARS, err)) != RD_OK)
		return st;
	if (!normalize_is_kana_reading(s))
		return rd_error_set(err, RD_INVALID,
			_("the reading may contain only kana (hiragana or katakana), not '%s'"), s);
	sbuf_init(&sb);
	st = normalize_kana(s, NORMALIZE_SPACE_SINGLE, &sb, err);
	for (size_t i = 0, len; st == RD_OK && i < sb.len; i += len) {
		uint32_t cp;

		len = utf8_decode(sb.buf + i, sb.len - i, &cp);
		if (cp != ' ' && (cp < 0x30A1 || cp > 0x30FE))
			st = rd_error_set(err, RD_INVALID,
				_("the reading may contain only kana letters, ー and spaces"));
	}
	if (st == RD_OK)
		utf8_copy(s, sz, sb.buf);
	sbuf_done(&sb);
	return st;
}

static enum rd_status normalize_field(struct customer *c, enum customer_field f,
				      struct rd_error *err)
{
	char buf[CUSTOMER_QUERY_SIZE];
	enum rd_status st = RD_OK;

	switch (f) {
	case CUSTOMER_F_NAME:
		st = fold_in_place(c->name, sizeof(c->name), _("the name"),
				   CUSTOMER_NAME_CHARS, err);
		if (st == RD_OK && !c->name[0])
			st = rd_error_set(err, RD_INVALID, _("the name is required"));
		break;
	case CUSTOMER_F_KANA:
		if (c->kana[0])
			st = fold_kana(c->kana, sizeof(c->kana), err);
		break;
	case CUSTOMER_F_PHONE1:
	case CUSTOMER_F_PHONE2: {
		char *p = f == CUSTOMER_F_PHONE1 ? c->phone1 : c->phone2;

		if (!p[0])
			break;
		st = normalize_phone(p, NORMALIZE_PHONE_FULL, buf, sizeof(buf), err);
		if (st == RD_OK)
			utf8_copy(p, sizeof(c->phone1), buf);
		break;
	}
	case CUSTOMER_F_EMAIL:
		if (!c->email[0])
			break;
		st = normalize_email(c->email, buf, sizeof(buf), err);
		if (st == RD_OK)
			utf8_copy(c->email, sizeof(c->email), buf);
		break;
	case CUSTOMER_F_POSTAL:
		if (!c->postal[0])
			break;
		st = normalize_postal(c->postal, buf, sizeof(buf), err);
		if (st == RD_OK)
			utf8_copy(c->postal, sizeof(c->postal), buf);
		break;
	case CUSTOMER_F_PREFECTURE:
		if (c->prefecture[0]) {
			struct sbuf sb;
			const char *p = NULL;

			sbuf_init(&sb);
			if (normalize_name(c->prefecture, NORMALIZE_SPACE_REMOVE, &sb, NULL) == RD_OK)
				p = prefecture_lookup(sb.buf);
			sbuf_done(&sb);
			if (!p)
				st = rd_error_set(err, RD_INVALID,
					_("'%s' is not a prefecture (東京都, 大阪府, 北海道...)"),
					c->prefecture);
			else
				utf8_copy(c->prefecture, sizeof(c->prefecture), p);
		}
		break;
	case CUSTOMER_F_ADDRESS1:
		st = fold_in_place(c->address1, sizeof(c->address1), _("the address"),
				   CUSTOMER_ADDRESS_CHARS, err);
		break;
	case CUSTOMER_F_ADDRESS2:
		st = fold_in_place(c->address2, sizeof(c->address2), _("the building and room"),
				   CUSTOMER_ADDRESS_CHARS, err);
		break;
	case CUSTOMER_F_BIRTH_DATE:
		if (c->birth_date != CUSTOMER_NO_DATE &&
		    (c->birth_date < date_from_ymd(1900, 1, 1) ||
		     c->birth_date > (int32_t)(time(NULL) / 86400 + 1)))
			st = rd_error_set(err, RD_INVALID,
				_("the birth date must be between 1900-01-01 and today"));
		break;
	case CUSTOMER_F_GENDER:
		if (c->gender && c->gender != 'f' && c->gender != 'm' && c->gender != 'x')
			st = rd_error_set(err, RD_INVALID, _("gender is f, m or x (or none)"));
		break;
	case CUSTOMER_F_NOTES:
		st = check_notes(c->notes, err);
		break;
	case CUSTOMER_F_NO_DM:
	case CUSTOMER_F_NO_CALL:
	case CUSTOMER_F_NO_EMAIL:
	case CUSTOMER_F_COUNT:
		break;
	}
	return st;
}

enum rd_status customer_normalize(struct customer *c, unsigned fields,
				  int *bad_field, struct rd_error *err)
{
	if (bad_field)
		*bad_field = -1;
	for (int f = 0; f < CUSTOMER_F_COUNT; f++) {
		enum rd_status st;

		if (!(fields & CUSTOMER_BIT(f)))
			continue;
		st = normalize_field(c, (enum customer_field)f, err);
		if (st != RD_OK && err &&
		    (f == CUSTOMER_F_PHONE1 || f == CUSTOMER_F_PHONE2 ||
		     f == CUSTOMER_F_EMAIL || f == CUSTOMER_F_POSTAL)) {
			/* normalize.h does not know which field it was */
			char msg[sizeof(err->msg)];

			snprintf(msg, sizeof(msg), "%s", err->msg);
			rd_error_set(err, st, "%s: %s",
				     customer_field_label((enum customer_field)f), msg);
		}
		if (st != RD_OK) {
			if (bad_field)
				*bad_field = f;
			return st;
		}
	}
	return RD_OK;
}

/* The value of a field as a statement parameter: NULL for "none". */
static const char *field_param(const struct customer *c, enum customer_field f,
			       char *buf, size_t bufsz)
{
#define OR_NULL(s) ((s)[0] ? (s) : NULL)
	switch (f) {
	case CUSTOMER_F_NAME: return c->name;
	case CUSTOMER_F_KANA: return OR_NULL(c->kana);
	case CUSTOMER_F_PHONE1: return OR_NULL(c->phone1);
	case CUSTOMER_F_PHONE2: return OR_NULL(c->phone2);
	case CUSTOMER_F_EMAIL: return OR_NULL(c->email);
	case CUSTOMER_F_POSTAL: return OR_NULL(c->postal);
	case CUSTOMER_F_PREFECTURE: return OR_NULL(c->prefecture);
	case CUSTOMER_F_ADDRESS1: return OR_NULL(c->address1);
	case CUSTOMER_F_ADDRESS2: return OR_NULL(c->address2);
	case CUSTOMER_F_BIRTH_DATE:
		if (c->birth_date == CUSTOMER_NO_DATE || bufsz < DATE_ISO_SIZE)
			return NULL;
		return date_format_iso(c->birth_date, buf);
	case CUSTOMER_F_GENDER:
		if (!c->gender || bufsz < 2)
			return NULL;
		buf[0] = c->gender;
		buf[1] = '\0';
		return buf;
	case CUSTOMER_F_NO_DM: return c->no_dm ? "true" : "false";
	case CUSTOMER_F_NO_CALL: return c->no_call ? "true" : "false";
	case CUSTOMER_F_NO_EMAIL: return c->no_email ? "true" : "false";
	case CUSTOMER_F_NOTES: return c->notes;
	case CUSTOMER_F_COUNT: break;
	}
	return NULL;
#undef OR_NULL
}

/* The SQL type cast a field's parameter needs. */
static const char *field_cast(enum customer_field f)
{
	switch (f) {
	case CUSTOMER_F_BIRTH_DATE: return "::date";
	case CUSTOMER_F_NO_DM:
	case CUSTOMER_F_NO_CALL:
	case CUSTOMER_F_NO_EMAIL: return "::boolean";
	default: return "";
	}
}

unsigned customer_diff(const struct customer *a, const struct customer *b)
{
	unsigned m = 0;

	for (int f = 0; f < CUSTOMER_F_COUNT; f++) {
		char ba[DATE_ISO_SIZE], bb[DATE_ISO_SIZE];
		const char *va = field_param(a, (enum customer_field)f, ba, sizeof(ba));
		const char *vb = field_param(b, (enum customer_field)f, bb, sizeof(bb));

		if ((va == NULL) != (vb == NULL) || (va && strcmp(va, vb) != 0))
			m |= CUSTOMER_BIT(f);
	}
	return m;
}

#define CUSTOMER_COLUMNS \
	"SELECT c.id, c.version, c.code, c.name, c.name_kana, c.phone1, c.phone2," \
	" c.email, c.postal_code, c.prefecture, c.address1, c.address2," \
	" c.birth_date, c.gender, c.no_dm, c.no_call, c.no_email, c.notes," \
	" f.ltv, f.order_count, f.first_order_date, f.last_order_date," \
	" rfm.r, rfm.f, rfm.m," \
	" to_char(c.created_at, 'YYYY-MM-DD\"T\"HH24:MI:SSOF')," \
	" to_char(c.updated_at, 'YYYY-MM-DD\"T\"HH24:MI:SSOF')" \
	" FROM rd.customers c JOIN rd.customer_figures f ON f.customer_id = c.id" \
	" CROSS JOIN LATERAL rd.rfm(f.last_order_date, f.order_count, f.ltv) rfm"

static bool is_true(const char *s)
{
	return s && strcmp(s, "t") == 0;
}

static void fill_customer(struct customer *c, const struct db_rows *r)
{
	const char *g;

	customer_init(c);
	c->id = to_i64(db_rows_get(r, 0, 0));
	c->version = (int)to_i64(db_rows_get(r, 0, 1));
	utf8_copy(c->code, sizeof(c->code), db_rows_get(r, 0, 2));
	utf8_copy(c->name, sizeof(c->name), db_rows_get(r, 0, 3));
	utf8_copy(c->kana, sizeof(c->kana), db_rows_get(r, 0, 4));
	utf8_copy(c->phone1, sizeof(c->phone1), db_rows_get(r, 0, 5));
	utf8_copy(c->phone2, sizeof(c->phone2), db_rows_get(r, 0, 6));
	utf8_copy(c->email, sizeof(c->email), db_rows_get(r, 0, 7));
	utf8_copy(c->postal, sizeof(c->postal), db_rows_get(r, 0, 8));
	utf8_copy(c->prefecture, sizeof(c->prefecture), db_rows_get(r, 0, 9));
	utf8_copy(c->address1, sizeof(c->address1), db_rows_get(r, 0, 10));
	utf8_copy(c->address2, sizeof(c->address2), db_rows_get(r, 0, 11));
	c->birth_date = to_date(db_rows_get(r, 0, 12));
	g = db_rows_get(r, 0, 13);
	c->gender = g ? g[0] : 0;
	c->no_dm = is_true(db_rows_get(r, 0, 14));
	c->no_call = is_true(db_rows_get(r, 0, 15));
	c->no_email = is_true(db_rows_get(r, 0, 16));
	utf8_copy(c->notes, sizeof(c->notes), db_rows_get(r, 0, 17));
	c->ltv = to_i64(db_rows_get(r, 0, 18));
	c->order_count = (int)to_i64(db_rows_get(r, 0, 19));
	c->first_order_date = to_date(db_rows_get(r, 0, 20));
	c->last_order_date = to_date(db_rows_get(r, 0, 21));
	c->rfm_r = (int)to_i64(db_rows_get(r, 0, 22));
	c->rfm_f = (int)to_i64(db_rows_get(r, 0, 23));
	c->rfm_m = (int)to_i64(db_rows_get(r, 0, 24));
	utf8_copy(c->created_at, sizeof(c->created_at), db_rows_get(r, 0, 25));
	utf8_copy(c->updated_at, sizeof(c->updated_at), db_rows_get(r, 0, 26));
}

static enum rd_status get_one(struct rd_db *db, const char *where,
			      const char *param, struct customer *out,
			      const char *what, struct rd_error *err)
{
	struct db_rows r;
	enum rd_status st;
	char *sql = xasprintf("%s WHERE %s", CUSTOMER_COLUMNS, where);
	const char *params[1] = { param };

	customer_init(out);
	st = read_rows(db, sql, 1, params, &r, err);
	free(sql);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0)
		st = rd_error_set(err, RD_NOT_FOUND, _("no customer %s"), what);
	else
		fill_customer(out, &r);
	db_rows_free(&r);
	return st;
}

enum rd_status customer_get(struct rd_db *db, const char *code,
			    struct customer *out, struct rd_error *err)
{
	struct plan p;
	enum rd_status st;

	memset(&p, 0, sizeof(p));
	customer_init(out);
	if (!code || (st = check_text(code, _("the customer code"), CUSTOMER_QUERY_CHARS, err)) != RD_OK)
		return code ? st : rd_error_set(err, RD_USAGE, _("which customer? give a code like C0000123"));
	if ((st = compile_code(&p, code, 'C', err)) != RD_OK)
		return st;
	return get_one(db, "c.code = $1", p.keys[0].value, out, p.keys[0].value, err);
}

enum rd_status customer_code_normalize(const char *code, char *out, size_t outsz,
				       struct rd_error *err)
{
	struct plan p;
	enum rd_status st;

	memset(&p, 0, sizeof(p));
	if (outsz)
		out[0] = '\0';
	if (!code || (st = check_text(code, _("the customer code"), CUSTOMER_QUERY_CHARS, err)) != RD_OK)
		return code ? st : rd_error_set(err, RD_USAGE, _("which customer? give a code like C0000123"));
	if ((st = compile_code(&p, code, 'C', err)) != RD_OK)
		return st;
	snprintf(out, outsz, "%s", p.keys[0].value);
	return RD_OK;
}

const char *customer_columns_sql(void)
{
	return CUSTOMER_COLUMNS;
}

void customer_fill_row(struct customer *c, const struct db_rows *r)
{
	fill_customer(c, r);
}

enum rd_status customer_get_by_id(struct rd_db *db, long long id,
				  struct customer *out, struct rd_error *err)
{
	char buf[24], what[32];

	snprintf(buf, sizeof(buf), "%lld", id);
	snprintf(what, sizeof(what), "#%lld", id);
	return get_one(db, "c.id = $1", buf, out, what, err);
}

enum rd_status customer_duplicates(struct rd_db *db, const struct customer *c,
				   struct customer_duplicate *out, int cap,
				   int *n, struct rd_error *err)
{
	char birth[DATE_ISO_SIZE], id[24], lim[16];
	const char *params[6];
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	if (cap < 1)
		return RD_OK;
	params[0] = c->phone1[0] ? c->phone1 : NULL;
	params[1] = c->phone2[0] ? c->phone2 : NULL;
	params[2] = c->name;
	params[3] = c->birth_date != CUSTOMER_NO_DATE ? date_format_iso(c->birth_date, birth) : NULL;
	snprintf(id, sizeof(id), "%lld", c->id);
	params[4] = id;
	snprintf(lim, sizeof(lim), "%d", cap);
	params[5] = lim;
	st = db_query(db,
		"SELECT c.code, c.name, coalesce(c.phone1, c.phone2, ''),"
		"       coalesce(c.phone1 IN ($1::text, $2::text) OR c.phone2 IN ($1::text, $2::text), false),"
		"       coalesce(rd.search_text(c.name) COLLATE \"C\" = rd.search_text($3)"
		"                AND c.birth_date = $4::date, false)"
		"  FROM rd.customers c"
		" WHERE (c.phone1 = $1::text OR c.phone2 = $1::text OR c.phone1 = $2::text OR c.phone2 = $2::text"
		"        OR (rd.search_text(c.name) COLLATE \"C\" = rd.search_text($3)"
		"            AND c.birth_date = $4::date))"
		"   AND c.id <> $5::bigint"
		" ORDER BY c.code LIMIT $6::int", 6, params, &r, err);
	if (st != RD_OK)
		return st;
	for (int i = 0; i < r.nrows && i < cap; i++) {
		struct customer_duplicate *d = &out[i];

		memset(d, 0, sizeof(*d));
		utf8_copy(d->code, sizeof(d->code), db_rows_get(&r, i, 0));
		utf8_copy(d->name, sizeof(d->name), db_rows_get(&r, i, 1));
		utf8_copy(d->phone, sizeof(d->phone), db_rows_get(&r, i, 2));
		d->same_phone = is_true(db_rows_get(&r, i, 3));
		d->same_name_birth = is_true(db_rows_get(&r, i, 4));
		(*n)++;
	}
	db_rows_free(&r);
	return RD_OK;
}

static enum rd_status check_reason(const char *reason, const char *request_id,
				   struct rd_error *err)
{
	enum rd_status st;

	if (!reason || !*reason)
		return rd_error_set(err, RD_USAGE,
			_("say why (a reason is kept in the history of the change)"));
	if ((st = check_text(reason, _("the reason"), 200, err)) != RD_OK)
		return st;
	if (request_id && !textcheck_uuid(request_id))
		return rd_error_set(err, RD_INVALID,
			_("a request id is a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e, not '%s'"),
			request_id);
	return RD_OK;
}

/* Within a transaction: the row key (customer id) that a request already
 * wrote to customers with op, or 0. Two retries of one request wait for
 * each other on an advisory lock of the request id. */
static enum rd_status request_done(struct rd_db *db, const char *request_id,
				   const char *op, const char *row_key,
				   long long *id, struct rd_error *err)
{
	const char *params[3] = { request_id, op, row_key };
	char value[32];
	bool is_null;
	enum rd_status st;

	*id = 0;
	if (!request_id)
		return RD_OK;
	st = db_exec(db, "SELECT pg_advisory_xact_lock(hashtext('rd.customer:' || $1))",
		     1, params, NULL, err);
	if (st != RD_OK)
		return st;
	st = db_query_value(db,
		"SELECT h.row_key FROM rd.history h"
		" WHERE h.request_id = $1 AND h.table_name = 'customers' AND h.op = $2"
		"   AND ($3::text IS NULL OR h.row_key = $3)"
		" ORDER BY h.id LIMIT 1", 3, params, value, sizeof(value), &is_null, err);
	if (st == RD_NOT_FOUND) {
		rd_error_clear(err);
		return RD_OK;
	}
	if (st == RD_OK && !is_null)
		*id = strtoll(value, NULL, 10);
	return st;
}

enum rd_status customer_add(struct rd_db *db, struct customer *c,
			    const char *reason, const char *request_id,
			    struct rd_error *err)
{
	const char *params[CUSTOMER_F_COUNT];
	char bufs[CUSTOMER_F_COUNT][DATE_ISO_SIZE];
	struct qb b;
	char idbuf[32];
	long long done_id;
	enum rd_status st;

	if ((st = check_reason(reason, request_id, err)) != RD_OK)
		return st;
	if ((st = customer_normalize(c, CUSTOMER_FIELDS_ALL, NULL, err)) != RD_OK)
		return st;
	if ((st = db_begin(db, reason, request_id, err)) != RD_OK)
		return st;
	if ((st = request_done(db, request_id, "INSERT", NULL, &done_id, err)) != RD_OK)
		goto fail;
	if (done_id) {
		if ((st = db_commit(db, err)) != RD_OK)
			return st;
		return customer_get_by_id(db, done_id, c, err);
	}
	qb_init(&b);
	qb_add(&b, "INSERT INTO rd.customers (");
	for (int f = 0; f < CUSTOMER_F_COUNT; f++)
		qb_add(&b, "%s%s", f ? ", " : "", field_info[f].column);
	qb_add(&b, ") VALUES (");
	for (int f = 0; f < CUSTOMER_F_COUNT; f++) {
		params[f] = field_param(c, (enum customer_field)f, bufs[f], sizeof(bufs[f]));
		qb_add(&b, "%s$%d%s", f ? ", " : "", f + 1, field_cast((enum customer_field)f));
	}
	qb_add(&b, ") RETURNING id");
	st = db_query_value(db, b.sql.buf, CUSTOMER_F_COUNT, params, idbuf,
			    sizeof(idbuf), NULL, err);
	qb_done(&b);
	if (st != RD_OK)
		goto fail;
	if ((st = db_commit(db, err)) != RD_OK)
		return st;
	return customer_get_by_id(db, strtoll(idbuf, NULL, 10), c, err);
fail:
	db_rollback(db);
	return st;
}

/* Says who changed the customer after version and which fields. */
static enum rd_status conflict_message(struct rd_db *db, const struct customer *now,
				       int version, struct rd_error *err)
{
	char id[24], ver[16];
	const char *params[2] = { id, ver };
	struct sbuf who, what;
	struct db_rows r;

	snprintf(id, sizeof(id), "%lld", now->id);
	snprintf(ver, sizeof(ver), "%d", version);
	sbuf_init(&who);
	sbuf_init(&what);
	if (db_query(db,
		"SELECT string_agg(DISTINCT h.actor, ', '),"
		"       (SELECT string_agg(DISTINCT x, ', ' ORDER BY x)"
		"          FROM rd.history h2, unnest(h2.changed) x"
		"         WHERE h2.table_name = 'customers' AND h2.row_key = $1"
		"           AND h2.op = 'UPDATE' AND (h2.new_row->>'version')::int > $2::int)"
		"  FROM rd.history h"
		" WHERE h.table_name = 'customers' AND h.row_key = $1 AND h.op = 'UPDATE'"
		"   AND (h.new_row->>'version')::int > $2::int", 2, params, &r, NULL) == RD_OK) {
		if (r.nrows == 1) {
			sbuf_adds(&who, db_rows_get(&r, 0, 0) ? db_rows_get(&r, 0, 0) : "");
			sbuf_adds(&what, db_rows_get(&r, 0, 1) ? db_rows_get(&r, 0, 1) : "");
		}
		db_rows_free(&r);
	}
	if (who.len)
		rd_error_set(err, RD_CONFLICT,
			_("customer %s was changed by %s after you opened it (version %d, now %d: %s); nothing was saved: compare and save again"),
			now->code, who.buf, version, now->version, what.buf);
	else
		rd_error_set(err, RD_CONFLICT,
			_("customer %s was changed after you opened it (version %d, now %d); nothing was saved: compare and save again"),
			now->code, version, now->version);
	sbuf_done(&who);
	sbuf_done(&what);
	return RD_CONFLICT;
}

/* Columns that orders move (0010's triggers), not people. */
#define FIGURE_COLUMNS \
	"ARRAY['ltv', 'order_count', 'first_order_date', 'last_order_date'," \
	" 'rfm_r', 'rfm_f', 'rfm_m']"

/* Within the transaction of an UPDATE that found the customer at another
 * version than the one read: locks the row and sets *current to its
 * version when every change since version only moved figures; leaves 0
 * when a person changed something (or the row is gone). */
static enum rd_status rebase_version(struct rd_db *db, const char *id,
				     int version, long long *current,
				     struct rd_error *err)
{
	char ver[16], value[32];
	const char *params[2] = { id, ver };
	enum rd_status st;

	*current = 0;
	snprintf(ver, sizeof(ver), "%d", version);
	st = db_query_value(db,
		"SELECT c.version FROM rd.customers c WHERE c.id = $1::text::bigint"
		"   AND c.version > $2::int"
		"   AND NOT EXISTS (SELECT 1 FROM rd.history h"
		"        WHERE h.table_name = 'customers' AND h.row_key = $1::text"
		"          AND h.op = 'UPDATE' AND (h.new_row->>'version')::int > $2::int"
		"          AND NOT h.changed <@ " FIGURE_COLUMNS ")"
		"   FOR UPDATE OF c", 2, params, value, sizeof(value), NULL, err);
	if (st == RD_NOT_FOUND) {
		rd_error_clear(err);
		return RD_OK;
	}
	if (st == RD_OK)
		*current = strtoll(value, NULL, 10);
	return st;
}

enum rd_status customer_update(struct rd_db *db, struct customer *c,
			       unsigned fields, const char *reason,
			       const char *request_id, struct customer *current,
			       struct rd_error *err)
{
	char bufs[CUSTOMER_F_COUNT][DATE_ISO_SIZE];
	char id[24], ver[24];
	struct customer now;
	struct qb b;
	long done_rows = 0;
	long long done_id;
	int version = c->version;
	enum rd_status st;

	fields &= CUSTOMER_FIELDS_ALL;
	if (c->id <= 0)
		return rd_error_set(err, RD_USAGE, _("which customer? (no id)"));
	if (!fields)
		return rd_error_set(err, RD_USAGE, _("nothing to change"));
	if ((st = check_reason(reason, request_id, err)) != RD_OK)
		return st;
	if ((st = customer_normalize(c, fields, NULL, err)) != RD_OK)
		return st;
	snprintf(id, sizeof(id), "%lld", c->id);
	snprintf(ver, sizeof(ver), "%d", version);
	if ((st = db_begin(db, reason, request_id, err)) != RD_OK)
		return st;
	if ((st = request_done(db, request_id, "UPDATE", id, &done_id, err)) != RD_OK)
		goto fail;
	if (done_id) {
		if ((st = db_commit(db, err)) != RD_OK)
			return st;
		return customer_get_by_id(db, c->id, c, err);
	}
	qb_init(&b);
	qb_param(&b, id);
	qb_param(&b, ver);
	qb_add(&b, "UPDATE rd.customers SET ");
	for (int f = 0, n = 0; f < CUSTOMER_F_COUNT; f++) {
		if (!(fields & CUSTOMER_BIT(f)))
			continue;
		qb_add(&b, "%s%s = $%d%s", n++ ? ", " : "", field_info[f].column,
		       qb_param(&b, field_param(c, (enum customer_field)f, bufs[f], sizeof(bufs[f]))),
		       field_cast((enum customer_field)f));
	}
	qb_add(&b, " WHERE id = $1::bigint AND version = $2::int");
	st = db_exec(db, b.sql.buf, b.n, (const char *const *)b.params, &done_rows, err);
	if (st != RD_OK) {
		qb_done(&b);
		goto fail;
	}
	if (done_rows == 0) {
		/* Orders move the figures on the customer's row, and with them
		 * its version. When nothing but figures changed since the
		 * version the operator read, there is nothing they could
		 * overwrite: save on the current version (named again). */
		long long cur = 0;

		st = rebase_version(db, id, version, &cur, err);
		if (st != RD_OK)
			goto fail;
		if (cur > 0) {
			snprintf(ver, sizeof(ver), "%lld", cur);
			free(b.params[1]);
			b.params[1] = xstrdup(ver);
			st = db_exec(db, b.sql.buf, b.n, (const char *const *)b.params,
				     &done_rows, err);
			if (st != RD_OK) {
				qb_done(&b);
				goto fail;
			}
		}
	}
	qb_done(&b);
	if (done_rows == 1) {
		if ((st = db_commit(db, err)) != RD_OK)
			return st;
		return customer_get_by_id(db, c->id, c, err);
	}
	db_rollback(db);
	/* zero rows: gone, or someone else saved first */
	st = customer_get_by_id(db, c->id, &now, err);
	if (st != RD_OK)
		return st;
	if (current)
		*current = now;
	return conflict_message(db, &now, version, err);
fail:
	db_rollback(db);
	return st;
}

/* ------------------------------------------------------------------------
 * The card */

static enum rd_status card_query(struct rd_db *db, const char *sql,
				 long long customer_id, int cap,
				 struct db_rows *r, struct rd_error *err)
{
	char id[24], lim[16];
	const char *params[2] = { id, lim };

	snprintf(id, sizeof(id), "%lld", customer_id);
	snprintf(lim, sizeof(lim), "%d", cap < 0 ? 0 : cap);
	return read_rows(db, sql, 2, params, r, err);
}

/* The amounts of the card's subscriptions: those of the subscription
 * list (subrule_amount, core/pricing), so that the card, the list, the
 * subscription screen, the previews and the shipment run's order show
 * the same figure. The list puts active and paused ones first, in the
 * card's order, so n rows of it hold the card's n. */
static enum rd_status card_amounts(struct rd_db *db, long long customer_id,
				   struct customer_subscription *subs, int n,
				   struct rd_error *err)
{
	struct subscription_row *rows = xcalloc((size_t)n, sizeof(*rows));
	int nrows = 0;
	enum rd_status st;

	st = subscription_list(db, customer_id, SUBSCRIPTION_TODAY, rows, n, &nrows, err);
	for (int i = 0; st == RD_OK && i < n; i++)
		for (int k = 0; k < nrows; k++)
			if (rows[k].id == subs[i].id) {
				subs[i].amount = rows[k].goods;
				subs[i].amount_tax_included = rows[k].amount;
				break;
			}
	free(rows);
	return st;
}

void customer_subscriptions_fill(const struct db_rows *r, struct customer_subscription *out,
				 int cap, int *n)
{
	*n = 0;
	for (int i = 0; i < r->nrows && i < cap; i++) {
		struct customer_subscription *s = &out[i];

		memset(s, 0, sizeof(*s));
		s->id = to_i64(db_rows_get(r, i, 0));
		utf8_copy(s->status, sizeof(s->status), db_rows_get(r, i, 1));
		utf8_copy(s->cycle, sizeof(s->cycle), db_rows_get(r, i, 2));
		s->next_date = to_date(db_rows_get(r, i, 3));
		s->paused_until = to_date(db_rows_get(r, i, 4));
		s->delivery_count = (int)to_i64(db_rows_get(r, i, 5));
		utf8_copy(s->products, sizeof(s->products), db_rows_get(r, i, 7));
		(*n)++;
	}
}

enum rd_status customer_card_amounts(struct rd_db *db, long long customer_id,
				     struct customer_subscription *subs, int n,
				     struct rd_error *err)
{
	return n > 0 ? card_amounts(db, customer_id, subs, n, err) : RD_OK;
}

enum rd_status customer_subscriptions(struct rd_db *db, long long customer_id,
				      struct customer_subscription *out, int cap,
				      int *n, struct rd_error *err)
{
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	st = card_query(db, CARD_SUBSCRIPTIONS_SQL("$1::bigint", "$2::int"),
			customer_id, cap, &r, err);
	if (st != RD_OK)
		return st;
	customer_subscriptions_fill(&r, out, cap, n);
	db_rows_free(&r);
	return customer_card_amounts(db, customer_id, out, *n, err);
}

void customer_orders_fill(const struct db_rows *r, struct customer_order *out, int cap, int *n)
{
	*n = 0;
	for (int i = 0; i < r->nrows && i < cap; i++) {
		struct customer_order *o = &out[i];

		memset(o, 0, sizeof(*o));
		o->id = to_i64(db_rows_get(r, i, 0));
		utf8_copy(o->order_no, sizeof(o->order_no), db_rows_get(r, i, 1));
		o->order_date = to_date(db_rows_get(r, i, 2));
		utf8_copy(o->status, sizeof(o->status), db_rows_get(r, i, 3));
		o->total = to_i64(db_rows_get(r, i, 4));
		o->delivery_no = (int)to_i64(db_rows_get(r, i, 5));
		utf8_copy(o->media, sizeof(o->media), db_rows_get(r, i, 6));
		(*n)++;
	}
}

enum rd_status customer_orders(struct rd_db *db, long long customer_id,
			       struct customer_order *out, int cap, int *n,
			       struct rd_error *err)
{
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	st = card_query(db, CARD_ORDERS_SQL("$1::bigint", "$2::int"), customer_id, cap, &r, err);
	if (st != RD_OK)
		return st;
	customer_orders_fill(&r, out, cap, n);
	db_rows_free(&r);
	return RD_OK;
}

void customer_inquiries_fill(const struct db_rows *r, struct customer_inquiry *out, int cap,
			     int *n)
{
	*n = 0;
	for (int i = 0; i < r->nrows && i < cap; i++) {
		struct customer_inquiry *q = &out[i];

		memset(q, 0, sizeof(*q));
		q->id = to_i64(db_rows_get(r, i, 0));
		utf8_copy(q->opened_at, sizeof(q->opened_at), db_rows_get(r, i, 1));
		utf8_copy(q->status, sizeof(q->status), db_rows_get(r, i, 2));
		utf8_copy(q->category, sizeof(q->category), db_rows_get(r, i, 3));
		utf8_copy(q->priority, sizeof(q->priority), db_rows_get(r, i, 4));
		utf8_copy(q->assignee, sizeof(q->assignee), db_rows_get(r, i, 5));
		utf8_copy(q->subject, sizeof(q->subject), db_rows_get(r, i, 6));
		(*n)++;
	}
}

enum rd_status customer_inquiries(struct rd_db *db, long long customer_id,
				  struct customer_inquiry *out, int cap, int *n,
				  struct rd_error *err)
{
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	st = card_query(db, CARD_INQUIRIES_SQL("$1::bigint", "$2::int"), customer_id, cap, &r,
			err);
	if (st != RD_OK)
		return st;
	customer_inquiries_fill(&r, out, cap, n);
	db_rows_free(&r);
	return RD_OK;
}

enum rd_status customer_history(struct rd_db *db, long long customer_id,
				struct customer_change *out, int cap, int *n,
				struct rd_error *err)
{
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	st = card_query(db,
		"SELECT h.id, to_char(h.at, 'YYYY-MM-DD\"T\"HH24:MI:SSOF'), h.actor,"
		"       h.table_name, h.op,"
		"       array_to_string(h.changed, ','),"
		"       coalesce(h.reason, '')"
		"  FROM rd.history h"
		" WHERE h.customer_id = $1::bigint"
		"   AND NOT (h.table_name = 'customers' AND h.op = 'UPDATE'"
		"            AND h.changed <@ " FIGURE_COLUMNS ")"
		" ORDER BY h.at DESC, h.id DESC LIMIT $2::int",
		customer_id, cap, &r, err);
	if (st != RD_OK)
		return st;
	for (int i = 0; i < r.nrows && i < cap; i++) {
		struct customer_change *h = &out[i];

		memset(h, 0, sizeof(*h));
		h->id = to_i64(db_rows_get(&r, i, 0));
		utf8_copy(h->at, sizeof(h->at), db_rows_get(&r, i, 1));
		utf8_copy(h->actor, sizeof(h->actor), db_rows_get(&r, i, 2));
		utf8_copy(h->table, sizeof(h->table), db_rows_get(&r, i, 3));
		utf8_copy(h->op, sizeof(h->op), db_rows_get(&r, i, 4));
		utf8_copy(h->changed, sizeof(h->changed), db_rows_get(&r, i, 5));
		utf8_copy(h->reason, sizeof(h->reason), db_rows_get(&r, i, 6));
		(*n)++;
	}
	db_rows_free(&r);
	return RD_OK;
}

/* ------------------------------------------------------------------------
 * Saved filters */

static const char *const subs_names[] = {
	[CUSTOMER_SUBS_ANY] = "any",
	[CUSTOMER_SUBS_ACTIVE] = "active",
	[CUSTOMER_SUBS_PAUSED] = "paused",
	[CUSTOMER_SUBS_CANCELLED] = "cancelled",
	[CUSTOMER_SUBS_NEVER] = "never",
};

int customer_subscription_filter_parse(const char *s,
				       enum customer_subscription_filter *out)
{
	for (size_t i = 0; s && i < N_ELEMS(subs_names); i++)
		if (strcmp(s, subs_names[i]) == 0) {
			*out = (enum customer_subscription_filter)i;
			return 0;
		}
	return -1;
}

const char *customer_subscription_filter_name(enum customer_subscription_filter f)
{
	return (unsigned)f < N_ELEMS(subs_names) ? subs_names[f] : "any";
}

void customer_rfm_format(const struct customer_query *q, char *buf, size_t bufsz)
{
	static const char letters[3] = { 'R', 'F', 'M' };
	size_t len = 0;

	buf[0] = '\0';
	for (int i = 0; i < 3; i++) {
		int lo = q->rfm_min[i], hi = q->rfm_max[i];

		if (!lo && !hi)
			continue;
		if (!lo)
			lo = 1;
		if (!hi)
			hi = 5;
		if (lo == hi)
			snprintf(buf + len, bufsz - len, "%s%c%d", len ? "," : "", letters[i], lo);
		else
			snprintf(buf + len, bufsz - len, "%s%c%d-%d", len ? "," : "", letters[i], lo, hi);
		len = strlen(buf);
	}
}

static void json_member(struct sbuf *out, bool *first, const char *key)
{
	if (!*first)
		sbuf_addc(out, ',');
	*first = false;
	json_write_str(out, key);
	sbuf_addc(out, ':');
}

void customer_query_to_json(const struct customer_query *q, struct sbuf *out)
{
	static const struct {
		const char *key;
		size_t offset;
	} texts[] = {
		{ "any", offsetof(struct customer_query, any) },
		{ "phone", offsetof(struct customer_query, phone) },
		{ "name", offsetof(struct customer_query, name) },
		{ "kana", offsetof(struct customer_query, kana) },
		{ "code", offsetof(struct customer_query, code) },
		{ "email", offsetof(struct customer_query, email) },
		{ "postal", offsetof(struct customer_query, postal) },
		{ "order", offsetof(struct customer_query, order_no) },
		{ "prefecture", offsetof(struct customer_query, prefecture) },
		{ "product", offsetof(struct customer_query, product) },
		{ "media", offsetof(struct customer_query, media) },
	};
	bool first = true;
	char buf[DATE_ISO_SIZE + 32];

	sbuf_addc(out, '{');
	for (size_t i = 0; i < N_ELEMS(texts); i++) {
		const char *v = (const char *)q + texts[i].offset;

		if (!v[0])
			continue;
		json_member(out, &first, texts[i].key);
		json_write_str(out, v);
	}
	if (q->age_min >= 0) {
		json_member(out, &first, "age_min");
		sbuf_printf(out, "%d", q->age_min);
	}
	if (q->age_max >= 0) {
		json_member(out, &first, "age_max");
		sbuf_printf(out, "%d", q->age_max);
	}
	if (q->gender) {
		char g[2] = { q->gender, '\0' };

		json_member(out, &first, "gender");
		json_write_str(out, g);
	}
	if (q->subscription != CUSTOMER_SUBS_ANY) {
		json_member(out, &first, "subscription");
		json_write_str(out, customer_subscription_filter_name(q->subscription));
	}
	if (q->ltv_min >= 0) {
		json_member(out, &first, "ltv_min");
		sbuf_printf(out, "%lld", (long long)q->ltv_min);
	}
	if (q->ltv_max >= 0) {
		json_member(out, &first, "ltv_max");
		sbuf_printf(out, "%lld", (long long)q->ltv_max);
	}
	customer_rfm_format(q, buf, sizeof(buf));
	if (buf[0]) {
		json_member(out, &first, "rfm");
		json_write_str(out, buf);
	}
	if (q->last_order_from != CUSTOMER_NO_DATE) {
		json_member(out, &first, "last_order_from");
		json_write_str(out, date_format_iso(q->last_order_from, buf));
	}
	if (q->last_order_to != CUSTOMER_NO_DATE) {
		json_member(out, &first, "last_order_to");
		json_write_str(out, date_format_iso(q->last_order_to, buf));
	}
	if (q->no_dm >= 0) {
		json_member(out, &first, "no_dm");
		sbuf_adds(out, q->no_dm ? "true" : "false");
	}
	if (q->no_call >= 0) {
		json_member(out, &first, "no_call");
		sbuf_adds(out, q->no_call ? "true" : "false");
	}
	if (q->no_email >= 0) {
		json_member(out, &first, "no_email");
		sbuf_adds(out, q->no_email ? "true" : "false");
	}
	sbuf_addc(out, '}');
}

static enum rd_status json_bad(struct rd_error *err, const char *key)
{
	return rd_error_set(err, RD_INVALID, _("the saved filter has a bad value for '%s'"), key);
}

enum rd_status customer_query_from_json(const char *json, size_t len,
					struct customer_query *q,
					struct rd_error *err)
{
	static const struct {
		const char *key;
		enum customer_qfield field;
	} texts[] = {
		{ "any", CUSTOMER_Q_ANY }, { "phone", CUSTOMER_Q_PHONE },
		{ "name", CUSTOMER_Q_NAME }, { "kana", CUSTOMER_Q_KANA },
		{ "code", CUSTOMER_Q_CODE }, { "email", CUSTOMER_Q_EMAIL },
		{ "postal", CUSTOMER_Q_POSTAL }, { "order", CUSTOMER_Q_ORDER },
		{ "prefecture", CUSTOMER_Q_PREFECTURE }, { "product", CUSTOMER_Q_PRODUCT },
		{ "media", CUSTOMER_Q_MEDIA },
	};
	struct json_value *root = NULL;
	const struct json_value *v;
	enum rd_status st = RD_OK;
	int64_t n;
	int b;

	customer_query_init(q);
	if ((st = json_parse(json, len, &root, err)) != RD_OK)
		return st;
	if (json_typeof(root) != JSON_OBJECT) {
		st = rd_error_set(err, RD_INVALID, _("a saved filter is a json object"));
		goto out;
	}
	for (size_t i = 0; i < N_ELEMS(texts) && st == RD_OK; i++) {
		const char *s;

		if (!(v = json_get(root, texts[i].key)))
			continue;
		if (!(s = json_as_string(v, NULL))) {
			st = json_bad(err, texts[i].key);
			break;
		}
		st = customer_query_set(q, texts[i].field, s, err);
	}
	if (st != RD_OK)
		goto out;
#define INT_FIELD(key, dst, lo, hi) \
	if ((v = json_get(root, key))) { \
		if (json_as_int(v, &n) != 0 || n < (lo) || n > (hi)) { \
			st = json_bad(err, key); \
			goto out; \
		} \
		dst = n; \
	}
	INT_FIELD("age_min", q->age_min, 0, 150)
	INT_FIELD("age_max", q->age_max, 0, 150)
	INT_FIELD("ltv_min", q->ltv_min, 0, INT64_MAX)
	INT_FIELD("ltv_max", q->ltv_max, 0, INT64_MAX)
#undef INT_FIELD
	if ((v = json_get(root, "gender"))) {
		const char *s = json_as_string(v, NULL);

		if (!s || strlen(s) != 1 || !strchr("fmx", s[0])) {
			st = json_bad(err, "gender");
			goto out;
		}
		q->gender = s[0];
	}
	if ((v = json_get(root, "subscription")) &&
	    customer_subscription_filter_parse(json_as_string(v, NULL), &q->subscription) != 0) {
		st = json_bad(err, "subscription");
		goto out;
	}
	if ((v = json_get(root, "rfm"))) {
		const char *s = json_as_string(v, NULL);

		if (!s || customer_rfm_parse(s, q, NULL) != RD_OK) {
			st = json_bad(err, "rfm");
			goto out;
		}
	}
	if ((v = json_get(root, "last_order_from")) &&
	    date_parse_iso(json_as_string(v, NULL) ? json_as_string(v, NULL) : "",
			   &q->last_order_from, NULL) != RD_OK) {
		st = json_bad(err, "last_order_from");
		goto out;
	}
	if ((v = json_get(root, "last_order_to")) &&
	    date_parse_iso(json_as_string(v, NULL) ? json_as_string(v, NULL) : "",
			   &q->last_order_to, NULL) != RD_OK) {
		st = json_bad(err, "last_order_to");
		goto out;
	}
#define BOOL_FIELD(key, dst) \
	if ((v = json_get(root, key))) { \
		if (json_as_bool(v, &b) != 0) { \
			st = json_bad(err, key); \
			goto out; \
		} \
		dst = b; \
	}
	BOOL_FIELD("no_dm", q->no_dm)
	BOOL_FIELD("no_call", q->no_call)
	BOOL_FIELD("no_email", q->no_email)
#undef BOOL_FIELD
out:
	json_free(&root);
	return st;
}

static enum rd_status check_filter_name(const char *name, struct rd_error *err)
{
	enum rd_status st;
	const char *p;

	if (!name)
		name = "";
	if ((st = check_text(name, _("the filter name"), CUSTOMER_FILTER_NAME_CHARS, err)) != RD_OK)
		return st;
	for (p = name; *p == ' ' || *p == '\t'; p++)
		;
	if (!*p)
		return rd_error_set(err, RD_INVALID, _("give the filter a name"));
	return RD_OK;
}

enum rd_status customer_filter_save(struct rd_db *db, const char *name,
				    const struct customer_query *q,
				    struct rd_error *err)
{
	struct sbuf json;
	char reason[CUSTOMER_FILTER_NAME_SIZE + 64];
	const char *params[2];
	enum rd_status st;

	if ((st = check_filter_name(name, err)) != RD_OK)
		return st;
	if ((st = customer_query_check(q, err)) != RD_OK)
		return st;
	sbuf_init(&json);
	customer_query_to_json(q, &json);
	params[0] = name;
	params[1] = json.buf;
	/* the history's reason: the business's language */
	st = bizlang_printf(db, reason, sizeof(reason), err, N_("saved filter '%s'"), name);
	if (st == RD_OK)
		st = db_begin(db, reason, NULL, err);
	if (st == RD_OK) {
		st = db_exec(db,
			"INSERT INTO rd.saved_filters (name, filter) VALUES ($1, $2::jsonb)"
			" ON CONFLICT (agent, name) DO UPDATE SET filter = EXCLUDED.filter",
			2, params, NULL, err);
		if (st == RD_OK)
			st = db_commit(db, err);
		else
			db_rollback(db);
	}
	sbuf_done(&json);
	return st;
}

enum rd_status customer_filter_list(struct rd_db *db,
				    struct customer_filter_info *out, int cap,
				    int *n, struct rd_error *err)
{
	char lim[16];
	const char *params[1] = { lim };
	struct db_rows r;
	enum rd_status st;

	*n = 0;
	snprintf(lim, sizeof(lim), "%d", cap < 0 ? 0 : cap);
	st = db_query(db,
		"SELECT f.id, f.name, f.version,"
		"       to_char(f.updated_at, 'YYYY-MM-DD\"T\"HH24:MI:SSOF')"
		"  FROM rd.saved_filters f WHERE f.agent = session_user"
		" ORDER BY f.name LIMIT $1::int", 1, params, &r, err);
	if (st != RD_OK)
		return st;
	for (int i = 0; i < r.nrows && i < cap; i++) {
		struct customer_filter_info *f = &out[i];

		memset(f, 0, sizeof(*f));
		f->id = to_i64(db_rows_get(&r, i, 0));
		utf8_copy(f->name, sizeof(f->name), db_rows_get(&r, i, 1));
		f->version = (int)to_i64(db_rows_get(&r, i, 2));
		utf8_copy(f->updated_at, sizeof(f->updated_at), db_rows_get(&r, i, 3));
		(*n)++;
	}
	db_rows_free(&r);
	return RD_OK;
}

enum rd_status customer_filter_get(struct rd_db *db, const char *name,
				   struct customer_query *q,
				   struct rd_error *err)
{
	const char *params[1] = { name };
	struct db_rows r;
	enum rd_status st;

	customer_query_init(q);
	if ((st = check_filter_name(name, err)) != RD_OK)
		return st;
	st = db_query(db, "SELECT f.filter::text FROM rd.saved_filters f"
			  " WHERE f.agent = session_user AND f.name = $1", 1, params, &r, err);
	if (st != RD_OK)
		return st;
	if (r.nrows == 0)
		st = rd_error_set(err, RD_NOT_FOUND, _("you have no saved filter named '%s'"), name);
	else
		st = customer_query_from_json(db_rows_get(&r, 0, 0),
					      strlen(db_rows_get(&r, 0, 0)), q, err);
	db_rows_free(&r);
	return st;
}

enum rd_status customer_filter_delete(struct rd_db *db, const char *name,
				      struct rd_error *err)
{
	const char *params[1] = { name };
	char reason[CUSTOMER_FILTER_NAME_SIZE + 64];
	long rows = 0;
	enum rd_status st;

	if ((st = check_filter_name(name, err)) != RD_OK)
		return st;
	/* the history's reason: the business's language */
	if ((st = bizlang_printf(db, reason, sizeof(reason), err, N_("deleted filter '%s'"),
				 name)) != RD_OK ||
	    (st = db_begin(db, reason, NULL, err)) != RD_OK)
		return st;
	st = db_exec(db, "DELETE FROM rd.saved_filters WHERE agent = session_user AND name = $1",
		     1, params, &rows, err);
	if (st == RD_OK && rows == 0)
		st = rd_error_set(err, RD_NOT_FOUND, _("you have no saved filter named '%s'"), name);
	if (st == RD_OK)
		return db_commit(db, err);
	db_rollback(db);
	return st;
}

enum rd_status customer_by_request(struct rd_db *db, const char *request_id,
				   struct customer *out, struct rd_error *err)
{
	const char *params[1] = { request_id };
	char value[32];
	enum rd_status st;

	customer_init(out);
	if (!request_id || !textcheck_uuid(request_id))
		return rd_error_set(err, RD_INVALID,
			_("a request id is a UUID like 0f8fad5b-d9cb-469f-a165-70867728950e, not '%s'"),
			request_id ? request_id : "");
	st = db_query_value(db,
		"SELECT h.row_key FROM rd.history h"
		" WHERE h.request_id = $1 AND h.table_name = 'customers' AND h.op = 'INSERT'"
		" ORDER BY h.id LIMIT 1", 1, params, value, sizeof(value), NULL, err);
	if (st == RD_NOT_FOUND)
		return rd_error_set(err, RD_NOT_FOUND,
			_("request %s registered no customer"), request_id);
	if (st != RD_OK)
		return st;
	return customer_get_by_id(db, strtoll(value, NULL, 10), out, err);
}
