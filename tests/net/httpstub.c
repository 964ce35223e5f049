/* httpstub.c: a tiny HTTP server for the postal-code tests.
 *
 *   tests/net/httpstub [--slow-ms N] [--watch-stdin]
 *
 * Listens on 127.0.0.1 on a port the kernel picks, prints that port and a
 * newline on stdout (then closes stdout), and answers every request by
 * its path, whatever the query:
 *
 *   /ok         200, a zipcloud-style answer for ?zipcode=: 1000001 is
 *               東京都 千代田区 千代田; 0600000 has two towns; any
 *               other code gets "results": null (not found)
 *   /notfound   404
 *   /error      500
 *   /garbage    200 with a body that is not JSON
 *   /wrong      200, JSON, but address1 is not a prefecture
 *   /other      200, JSON for another postal code
 *   /big        200 with a 1 MB body
 *   /slow       200 /ok's answer after N ms (default 5000)
 *   /count      200, the number of requests served so far (text)
 *
 * Each connection is served by a child process, so a slow answer never
 * holds up the next request. The server exits on SIGTERM or SIGINT, with
 * --watch-stdin when stdin reaches end of file (the test that started it
 * through a pipe is gone), and after ten minutes in any case. No
 * dependencies beyond POSIX. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t stop;
static long *served;   /* shared with the children */

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= (size_t)w;
	}
}

static void answer(int fd, int status, const char *reason, const char *type,
		   const char *body, size_t len)
{
	char head[256];
	int n = snprintf(head, sizeof(head),
			 "HTTP/1.1 %d %s\r\nContent-Type: %s\r\nContent-Length: %zu\r\n"
			 "Connection: close\r\n\r\n", status, reason, type, len);

	write_all(fd, head, (size_t)n);
	write_all(fd, body, len);
}

static void json_answer(int fd, const char *code)
{
	char body[1024];

	if (strcmp(code, "1000001") == 0)
		snprintf(body, sizeof(body),
			 "{\"message\":null,\"results\":[{\"address1\":\"東京都\",\"address2\":"
			 "\"千代田区\",\"address3\":\"千代田\",\"kana1\":\"ﾄｳｷｮｳﾄ\",\"kana2\":"
			 "\"ﾁﾖﾀﾞｸ\",\"kana3\":\"ﾁﾖﾀﾞ\",\"prefcode\":\"13\",\"zipcode\":\"1000001\"}],"
			 "\"status\":200}");
	else if (strcmp(code, "0600000") == 0)
		snprintf(body, sizeof(body),
			 "{\"message\":null,\"results\":[{\"address1\":\"北海道\",\"address2\":"
			 "\"札幌市中央区\",\"address3\":\"\",\"zipcode\":\"0600000\"},"
			 "{\"address1\":\"北海道\",\"address2\":\"札幌市中央区\",\"address3\":"
			 "\"大通西\",\"zipcode\":\"0600000\"}],\"status\":200}");
	else
		snprintf(body, sizeof(body), "{\"message\":null,\"results\":null,\"status\":200}");
	answer(fd, 200, "OK", "application/json; charset=utf-8", body, strlen(body));
}

static void serve(int fd, long slow_ms)
{
	char req[4096], path[256] = "/", code[32] = "";
	size_t len = 0;
	char *q;

	/* the request line and headers; the body (none for GET) is ignored */
	while (len < sizeof(req) - 1) {
		ssize_t r = read(fd, req + len, sizeof(req) - 1 - len);

		if (r <= 0)
			break;
		len += (size_t)r;
		req[len] = '\0';
		if (strstr(req, "\r\n\r\n"))
			break;
	}
	req[len] = '\0';
	if (sscanf(req, "GET %255s", path) != 1) {
		answer(fd, 400, "Bad Request", "text/plain", "bad request\n", 12);
		return;
	}
	if ((q = strstr(path, "zipcode=")) != NULL)
		snprintf(code, sizeof(code), "%.7s", q + 8);
	if ((q = strchr(path, '?')) != NULL)
		*q = '\0';
	__atomic_add_fetch(served, 1, __ATOMIC_SEQ_CST);
	if (strcmp(path, "/ok") == 0) {
		json_answer(fd, code);
	} else if (strcmp(path, "/slow") == 0) {
		struct timespec ts = { slow_ms / 1000, (slow_ms % 1000) * 1000000L };

		while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
			;
		json_answer(fd, code);
	} else if (strcmp(path, "/notfound") == 0) {
		answer(fd, 404, "Not Found", "text/plain", "not found\n", 10);
	} else if (strcmp(path, "/error") == 0) {
		answer(fd, 500, "Internal Server Error", "text/html",
		       "<html><body>oops</body></html>", 30);
	} else if (strcmp(path, "/garbage") == 0) {
		static const char g[] = "<html>\x01\xff not json {\"results\":";

		answer(fd, 200, "OK", "application/json", g, sizeof(g) - 1);
	} else if (strcmp(path, "/wrong") == 0) {
		static const char w[] = "{\"message\":null,\"results\":[{\"address1\":\"東京\","
					"\"address2\":\"千代田区\",\"address3\":\"千代田\","
					"\"zipcode\":\"1000001\"}],\"status\":200}";

		answer(fd, 200, "OK", "application/json", w, sizeof(w) - 1);
	} else if (strcmp(path, "/other") == 0) {
		json_answer(fd, "1000001");
		(void)code;
	} else if (strcmp(path, "/big") == 0) {
		size_t n = 1u << 20;
		char *b = malloc(n);

		if (b) {
			memset(b, ' ', n);
			b[0] = '{';
			b[n - 1] = '}';
			answer(fd, 200, "OK", "application/json", b, n);
			free(b);
		}
	} else if (strcmp(path, "/count") == 0) {
		char c[32];
		int n = snprintf(c, sizeof(c), "%ld\n", __atomic_load_n(served, __ATOMIC_SEQ_CST));

		answer(fd, 200, "OK", "text/plain", c, (size_t)n);
	} else {
		answer(fd, 404, "Not Found", "text/plain", "no such path\n", 13);
	}
}

int main(int argc, char **argv)
{
	struct sockaddr_in addr;
	socklen_t alen = sizeof(addr);
	struct sigaction sa;
	long slow_ms = 5000;
	time_t started = time(NULL);
	int s, one = 1, watch = 0;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--slow-ms") == 0 && i + 1 < argc) {
			slow_ms = strtol(argv[++i], NULL, 10);
		} else if (strcmp(argv[i], "--watch-stdin") == 0) {
			watch = 1;
		} else {
			fprintf(stderr, "usage: httpstub [--slow-ms N] [--watch-stdin]\n");
			return 2;
		}
	}
	served = mmap(NULL, sizeof(*served), PROT_READ | PROT_WRITE,
		      MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (served == MAP_FAILED) {
		perror("httpstub: mmap");
		return 1;
	}
	*served = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	signal(SIGCHLD, SIG_IGN);   /* children are reaped by the kernel */
	signal(SIGPIPE, SIG_IGN);

	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0) {
		perror("httpstub: socket");
		return 1;
	}
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	addr.sin_port = 0;
	if (bind(s, (struct sockaddr *)&addr, sizeof(addr)) != 0 || listen(s, 16) != 0 ||
	    getsockname(s, (struct sockaddr *)&addr, &alen) != 0) {
		perror("httpstub: bind");
		return 1;
	}
	printf("%d\n", ntohs(addr.sin_port));
	fflush(stdout);
	fclose(stdout);

	while (!stop && time(NULL) - started < 600) {
		struct pollfd p[2] = { { s, POLLIN, 0 }, { 0, POLLIN, 0 } };
		int n = poll(p, watch ? 2 : 1, 1000);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (watch && (p[1].revents & (POLLIN | POLLHUP))) {
			char b[64];

			/* end of file on stdin: the test that started us is gone */
			if (read(0, b, sizeof(b)) <= 0)
				break;
		}
		if (p[0].revents & POLLIN) {
			int c = accept(s, NULL, NULL);
			pid_t pid;

			if (c < 0)
				continue;
			pid = fork();
			if (pid == 0) {
				close(s);
				alarm(30);
				serve(c, slow_ms);
				shutdown(c, SHUT_WR);
				close(c);
				_exit(0);
			}
			close(c);
		}
	}
	close(s);
	return 0;
}
