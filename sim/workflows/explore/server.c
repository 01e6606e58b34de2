/*
 * The explorer's HTTP server, on libmicrohttpd: one thread per connection (at most
 * max_connections), a timeout on silent connections, request bodies capped at the
 * explorer's limit, and, when it listens on a loopback address, only requests
 * addressed to that address (a page elsewhere cannot reach it through DNS
 * rebinding). Built without libmicrohttpd, starting it is an error.
 */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "workflows/explore/explore_internal.h"

/* "ADDR:PORT", "[ADDR6]:PORT" or "localhost:PORT" into a socket address. */
static rg_status parse_listen(const char *listen, struct sockaddr_storage *sa, int *v6,
                              int *loopback, rg_error *err)
{
    char host[128];
    const char *colon = strrchr(listen, ':');
    const char *expect = "expected ADDR:PORT, e.g. 127.0.0.1:8088, 0.0.0.0:8088 or [::1]:8088";
    if (!colon || (size_t)(colon - listen) >= sizeof host)
        return rg_error_set(err, RG_EINPUT, "--listen %s: %s", listen, expect);
    snprintf(host, sizeof host, "%.*s", (int)(colon - listen), listen);
    char *end;
    long port = strtol(colon + 1, &end, 10);
    if (!colon[1] || *end || port < 0 || port > 65535)
        return rg_error_set(err, RG_EINPUT, "--listen %s: the port is not 0 to 65535; %s", listen,
                            expect);
    memset(sa, 0, sizeof *sa);
    size_t hl = strlen(host);
    if (!strcmp(host, "localhost")) snprintf(host, sizeof host, "127.0.0.1");
    if (hl >= 2 && host[0] == '[' && host[hl - 1] == ']') {
        struct sockaddr_in6 *a = (struct sockaddr_in6 *)sa;
        host[hl - 1] = '\0';
        if (inet_pton(AF_INET6, host + 1, &a->sin6_addr) != 1)
            return rg_error_set(err, RG_EINPUT, "--listen %s: not an IPv6 address; %s", listen,
                                expect);
        a->sin6_family = AF_INET6;
        a->sin6_port = htons((uint16_t)port);
        *v6 = 1;
        *loopback = IN6_IS_ADDR_LOOPBACK(&a->sin6_addr);
        return RG_OK;
    }
    struct sockaddr_in *a = (struct sockaddr_in *)sa;
    if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
        return rg_error_set(err, RG_EINPUT, "--listen %s: not an IPv4 address; %s", listen, expect);
    a->sin_family = AF_INET;
    a->sin_port = htons((uint16_t)port);
    *v6 = 0;
    *loopback = (ntohl(a->sin_addr.s_addr) >> 24) == 127;
    return RG_OK;
}

#ifdef RG_HAVE_MHD
#include <microhttpd.h>

struct rg_explore_server {
    struct MHD_Daemon *daemon;
    rg_explore *ex;
    int port, loopback;
};

/* The body of a request as it arrives. */
typedef struct upload {
    char *buf;
    size_t len, cap;
    int too_large, answered;
} upload;

static const char security_policy[] =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

static enum MHD_Result send_response(struct MHD_Connection *c, const rg_explore_response *r)
{
    struct MHD_Response *resp =
        MHD_create_response_from_buffer(r->len, (void *)r->body, MHD_RESPMEM_MUST_COPY);
    if (!resp) return MHD_NO;
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->content_type);
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, "Content-Security-Policy", security_policy);
    if (r->allow) MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
    if (r->status == 503) MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "1");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)r->status, resp);
    MHD_destroy_response(resp);
    return ret;
}

static enum MHD_Result send_error(struct MHD_Connection *c, int status, const char *text)
{
    char body[512];
    snprintf(body, sizeof body, "{\"error\": \"%s\"}\n", text);
    rg_explore_response r = {status, "application/json", NULL, body, strlen(body), NULL};
    return send_response(c, &r);
}

/* On a loopback address, is the request addressed to it (Host header)? */
static int host_allowed(const rg_explore_server *s, struct MHD_Connection *c)
{
    if (!s->loopback) return 1;
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
    if (!host) return 1; /* HTTP/1.0; HTTP/1.1 without Host is refused by the library */
    static const char *const names[] = {"127.0.0.1", "localhost", "[::1]"};
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t n = strlen(names[k]);
        if (strncmp(host, names[k], n) == 0 && (host[n] == '\0' || host[n] == ':')) return 1;
    }
    return 0;
}

static enum MHD_Result refuse_large(struct MHD_Connection *c, size_t max)
{
    char text[160];
    snprintf(text, sizeof text,
             "the request body is larger than %zu bytes, the most the explorer takes", max);
    return send_error(c, 413, text);
}

/* First call for a request: refuse what can be refused from its headers alone. */
static enum MHD_Result first_call(rg_explore_server *s, struct MHD_Connection *c, upload *u)
{
    if (!host_allowed(s, c)) {
        u->answered = 1;
        return send_error(c, 403, "this explorer answers requests for 127.0.0.1 or localhost only");
    }
    const size_t max = rg_explore_get_limits(s->ex)->max_body;
    const char *cl =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
    if (cl && strtoull(cl, NULL, 10) > max) {
        u->answered = 1;
        return refuse_large(c, max);
    }
    return MHD_YES;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
    (void)version;
    rg_explore_server *s = cls;
    upload *u = *con_cls;
    if (!u) {
        if (!(u = calloc(1, sizeof *u))) return MHD_NO;
        *con_cls = u;
        return first_call(s, c, u);
    }
    if (u->answered) {
        *upload_data_size = 0;
        return MHD_YES;
    }
    const size_t max = rg_explore_get_limits(s->ex)->max_body;
    if (*upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        if (u->too_large || u->len + n > max) {
            u->too_large = 1;
            return MHD_YES;
        }
        if (u->len + n + 1 > u->cap) {
            size_t cap = max + 1;
            char *b = realloc(u->buf, cap);
            if (!b) return MHD_NO;
            u->buf = b;
            u->cap = cap;
        }
        memcpy(u->buf + u->len, upload_data, n);
        u->len += n;
        return MHD_YES;
    }
    if (u->too_large) return refuse_large(c, max);
    rg_explore_response r;
    rg_explore_handle(s->ex, method, url, u->buf ? u->buf : "", u->len, &r);
    enum MHD_Result ret = send_response(c, &r);
    rg_explore_response_free(&r);
    return ret;
}

/* Paths are matched as they come: no percent-decoding (the explorer has no path
 * that needs it, and "/%2e%2e/" stays what it is). */
static size_t keep_escapes(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls;
    (void)c;
    return strlen(s);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    upload *u = *con_cls;
    if (u) {
        free(u->buf);
        free(u);
        *con_cls = NULL;
    }
}

int rg_explore_server_available(void)
{
    return 1;
}

rg_status rg_explore_server_start(rg_explore_server **out, rg_explore *ex, const char *listen,
                                  int timeout_s, int max_connections, rg_error *err)
{
    *out = NULL;
    struct sockaddr_storage sa;
    int v6 = 0, loopback = 0;
    RG_TRY(parse_listen(listen, &sa, &v6, &loopback, err));
    if (timeout_s < 1 || max_connections < 1)
        return rg_error_set(err, RG_EINPUT,
                            "explore: expected a timeout and a connection limit "
                            "of at least 1");
    rg_explore_server *s = calloc(1, sizeof *s);
    if (!s) return rg_error_set(err, RG_EINTERNAL, "explore: out of memory");
    s->ex = ex;
    s->loopback = loopback;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_THREAD_PER_CONNECTION;
    if (v6) flags |= MHD_USE_IPv6;
    s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR,
                                 (struct sockaddr *)&sa, MHD_OPTION_CONNECTION_TIMEOUT,
                                 (unsigned)timeout_s, MHD_OPTION_CONNECTION_LIMIT,
                                 (unsigned)max_connections, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
                                 (size_t)32768, MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
                                 MHD_OPTION_UNESCAPE_CALLBACK, keep_escapes, NULL, MHD_OPTION_END);
    if (!s->daemon) {
        free(s);
        return rg_error_set(err, RG_EINPUT,
                            "explore: cannot listen on %s (in use, or not an address of this "
                            "machine); choose another with --port or --listen",
                            listen);
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
    s->port = info ? info->port : 0;
    *out = s;
    return RG_OK;
}

int rg_explore_server_port(const rg_explore_server *s)
{
    return s->port;
}

void rg_explore_server_stop(rg_explore_server *s)
{
    if (!s) return;
    MHD_stop_daemon(s->daemon);
    free(s);
}

#else /* built without libmicrohttpd */

struct rg_explore_server {
    int unused;
};

int rg_explore_server_available(void)
{
    return 0;
}

rg_status rg_explore_server_start(rg_explore_server **out, rg_explore *ex, const char *listen,
                                  int timeout_s, int max_connections, rg_error *err)
{
    (void)ex;
    (void)timeout_s;
    (void)max_connections;
    *out = NULL;
    struct sockaddr_storage sa;
    int v6, loopback;
    RG_TRY(parse_listen(listen, &sa, &v6, &loopback, err));
    return rg_error_set(err, RG_EINPUT,
                        "explore: this reintegra was built without the web server "
                        "(libmicrohttpd); install libmicrohttpd-dev and build again");
}

int rg_explore_server_port(const rg_explore_server *s)
{
    (void)s;
    return 0;
}

void rg_explore_server_stop(rg_explore_server *s)
{
    (void)s;
}

#endif
