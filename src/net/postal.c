/* postal.c: the postal-code service over HTTP (postal.h).
 *
 * One easy handle per call: a lookup happens once per form, so there is
 * nothing worth keeping open, and nothing is shared between threads.
 * Every bound is set on the handle: total and connect timeouts, no
 * signals (threads), redirects off, http and https only, a body cap
 * enforced while receiving. */
#include "repeatdesk/postal.h"
#include "repeatdesk/i18n.h"
#include "repeatdesk/json.h"
#include "repeatdesk/sbuf.h"
#include "repeatdesk/textcheck.h"
#include "repeatdesk/xalloc.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const prefectures[] = {
	"北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県",
	"茨城県", "栃木県", "群馬県", "埼玉県", "千葉県", "東京都", "神奈川県",
	"新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
	"静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県",
	"奈良県", "和歌山県", "鳥取県", "島根県", "岡山県", "広島県", "山口県",
	"徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県",
	"熊本県", "大分県", "宮崎県", "鹿児島県", "沖縄県",
};

bool postal_prefecture_valid(const char *s)
{
	for (size_t i = 0; s && i < sizeof(prefectures) / sizeof(prefectures[0]); i++)
		if (strcmp(s, prefectures[i]) == 0)
			return true;
	return false;
}

void postal_config_init(struct postal_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->timeout_ms = POSTAL_TIMEOUT_MS;
	cfg->connect_timeout_ms = POSTAL_CONNECT_TIMEOUT_MS;
	cfg->max_body = POSTAL_MAX_BODY;
}

enum rd_status postal_config_set(struct postal_config *cfg, const char *endpoint,
				 const char *timeout_ms, struct rd_error *err)
{
	if (endpoint && *endpoint) {
		if (strlen(endpoint) >= sizeof(cfg->endpoint) ||
		    (strncmp(endpoint, "http://", 7) != 0 && strncmp(endpoint, "https://", 8) != 0) ||
		    strpbrk(endpoint, " \t\r\n"))
			return rd_error_set(err, RD_INVALID,
				_("[postal] endpoint must be an http:// or https:// URL without spaces"));
		snprintf(cfg->endpoint, sizeof(cfg->endpoint), "%s", endpoint);
	}
	if (timeout_ms && *timeout_ms) {
		char *end;
		long v = strtol(timeout_ms, &end, 10);

		if (*end || v < 100 || v > 30000)
			return rd_error_set(err, RD_INVALID,
				_("[postal] timeout_ms must be a number of milliseconds from 100 to 30000, not '%s'"),
				timeout_ms);
		cfg->timeout_ms = v;
		if (cfg->connect_timeout_ms > v)
			cfg->connect_timeout_ms = v;
	}
	return RD_OK;
}

void postal_global_init(void)
{
	static int done;

	if (!done) {
		curl_global_init(CURL_GLOBAL_DEFAULT);
		done = 1;
	}
}

/* ---- parsing ---------------------------------------------------------- */

/* A text value of an answer: a string of at most max characters, no
 * control characters (the parser already checked UTF-8). */
static bool answer_text(const struct json_value *v, size_t max, bool may_be_empty,
			char *out, size_t outsz)
{
	size_t len;
	const char *s = json_as_string(v, &len);

	if (!s && may_be_empty && json_typeof(v) == JSON_NULL) {
		out[0] = '\0';
		return true;
	}
	if (!s || strlen(s) != len || len >= outsz || textcheck_chars(s) > max)
		return false;
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return false;
	if (!may_be_empty && len == 0)
		return false;
	memcpy(out, s, len + 1);
	return true;
}

static enum rd_status garbage(struct rd_error *err, const char *why)
{
	return rd_error_set(err, RD_NETWORK,
		_("the postal-code service answered something unusable (%s); type the address"),
		why);
}

enum rd_status postal_parse_answer(const char *body, size_t len, const char *code,
				   struct postal_answer *out, struct rd_error *err)
{
	struct json_value *root = NULL;
	const struct json_value *results, *status;
	struct rd_error jerr;
	int64_t st_code;
	enum rd_status st = RD_OK;

	memset(out, 0, sizeof(*out));
	if (json_parse(body, len, &root, &jerr) != RD_OK)
		return garbage(err, _("not JSON"));
	if (json_typeof(root) != JSON_OBJECT) {
		st = garbage(err, _("not a JSON object"));
		goto out;
	}
	status = json_get(root, "status");
	if (status && json_as_int(status, &st_code) == 0 && st_code != 200) {
		char msg[64] = "";
		const char *m = json_as_string(json_get(root, "message"), NULL);

		if (m)
			rd_quote_input(m, strlen(m), msg, sizeof(msg));
		st = rd_error_set(err, RD_NETWORK,
			_("the postal-code service refused the request (status %lld%s%s); type the address"),
			(long long)st_code, msg[0] ? ": " : "", msg);
		goto out;
	}
	results = json_get(root, "results");
	if (!results || json_typeof(results) == JSON_NULL ||
	    (json_typeof(results) == JSON_ARRAY && json_len(results) == 0)) {
		if (!json_get(root, "results") && !status) {
			st = garbage(err, _("no results"));
			goto out;
		}
		st = rd_error_set(err, RD_NOT_FOUND,
			_("postal code %.3s-%.4s: no such postal code; check it or type the address"),
			code, code + 3);
		goto out;
	}
	if (json_typeof(results) != JSON_ARRAY) {
		st = garbage(err, _("results is not a list"));
		goto out;
	}
	for (size_t i = 0; i < json_len(results) && out->n < POSTAL_MAX_ADDRESSES; i++) {
		const struct json_value *r = json_at(results, i);
		struct postal_address *a = &out->addr[out->n];

		if (json_typeof(r) != JSON_OBJECT ||
		    !answer_text(json_get(r, "zipcode"), 7, false, a->postal_code,
				 sizeof(a->postal_code)) ||
		    !answer_text(json_get(r, "address1"), 4, false, a->prefecture,
				 sizeof(a->prefecture)) ||
		    !answer_text(json_get(r, "address2"), POSTAL_CITY_CHARS, false, a->city,
				 sizeof(a->city)) ||
		    !answer_text(json_get(r, "address3"), POSTAL_TOWN_CHARS, true, a->town,
				 sizeof(a->town))) {
			st = garbage(err, _("a result lacks a field or has a malformed one"));
			goto out;
		}
		if (strcmp(a->postal_code, code) != 0) {
			st = garbage(err, _("the answer is for another postal code"));
			goto out;
		}
		if (!postal_prefecture_valid(a->prefecture)) {
			st = garbage(err, _("not a prefecture"));
			goto out;
		}
		out->n++;
	}
out:
	json_free(&root);
	if (st != RD_OK)
		out->n = 0;
	return st;
}

/* ---- the request ------------------------------------------------------- */

struct body {
	struct sbuf sb;
	size_t max;
	bool too_big;
};

static size_t on_data(char *data, size_t size, size_t nmemb, void *arg)
{
	struct body *b = arg;
	size_t n = size * nmemb;

	if (b->sb.len + n > b->max) {
		b->too_big = true;
		return 0;  /* aborts the transfer: CURLE_WRITE_ERROR */
	}
	sbuf_add(&b->sb, data, n);
	return n;
}

enum rd_status postal_fetch(const struct postal_config *cfg, const char *code,
			    struct postal_answer *out, struct rd_error *err)
{
	char q[32], errbuf[CURL_ERROR_SIZE] = "";
	struct body body;
	CURL *h;
	CURLcode rc;
	long http = 0;
	char *url;
	enum rd_status st;

	memset(out, 0, sizeof(*out));
	if (!code || strlen(code) != 7 || strspn(code, "0123456789") != 7)
		return rd_error_set(err, RD_INVALID,
			_("postal code: '%s' is not 7 digits"),
			rd_quote_input(code ? code : "", code ? strlen(code) : 0, q, sizeof(q)));
	if (!cfg || !cfg->endpoint[0])
		return rd_error_set(err, RD_NETWORK,
			_("no postal-code service is configured ([postal] endpoint); type the address"));
	postal_global_init();
	h = curl_easy_init();
	if (!h)
		return rd_error_set(err, RD_NETWORK, _("cannot start an HTTP request"));
	url = xasprintf("%s%czipcode=%s", cfg->endpoint,
			strchr(cfg->endpoint, '?') ? '&' : '?', code);
	sbuf_init(&body.sb);
	body.max = cfg->max_body ? cfg->max_body : POSTAL_MAX_BODY;
	body.too_big = false;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, cfg->timeout_ms > 0 ? cfg->timeout_ms
								     : POSTAL_TIMEOUT_MS);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
			 cfg->connect_timeout_ms > 0 ? cfg->connect_timeout_ms
						     : POSTAL_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE, (long)body.max);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &body);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "repeatdesk/" PACKAGE_VERSION);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &http);
	curl_easy_cleanup(h);
	free(url);

	if (rc == CURLE_OPERATION_TIMEDOUT)
		st = rd_error_set(err, RD_NETWORK,
			_("the postal-code service did not answer within %.1f s; type the address"),
			(double)(cfg->timeout_ms > 0 ? cfg->timeout_ms : POSTAL_TIMEOUT_MS) / 1000.0);
	else if (body.too_big || rc == CURLE_FILESIZE_EXCEEDED)
		st = garbage(err, _("the answer is too long"));
	else if (rc != CURLE_OK)
		st = rd_error_set(err, RD_NETWORK,
			_("the postal-code service cannot be reached (%s); type the address"),
			errbuf[0] ? errbuf : curl_easy_strerror(rc));
	else if (http == 404)
		st = rd_error_set(err, RD_NOT_FOUND,
			_("postal code %.3s-%.4s: the postal-code service knows no such code (HTTP 404); check it or type the address"),
			code, code + 3);
	else if (http != 200)
		st = rd_error_set(err, RD_NETWORK,
			_("the postal-code service failed (HTTP %ld); type the address"), http);
	else
		st = postal_parse_answer(body.sb.buf, body.sb.len, code, out, err);
	sbuf_done(&body.sb);
	return st;
}
